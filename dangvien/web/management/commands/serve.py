"""Serve the application with waitress (works the same on Linux and on a commune's Windows PC)."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ web (waitress)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-jobs",
            action="store_true",
            help="không chạy bộ xử lý tác vụ nền trong tiến trình này",
        )

    def handle(
        self, *args: Any, host: str, port: int, threads: int, no_jobs: bool, **options: Any
    ) -> None:
        from waitress import serve

        from dangvien.jobs.services import run_forever
        from dangvien.wsgi import application

        if not no_jobs:
            # One process for a commune PC: the job runner is a daemon thread beside the web server.
            threading.Thread(target=run_forever, name="dangvien-jobs", daemon=True).start()
            self.stdout.write("Bộ xử lý tác vụ nền đã khởi động.")
        self.stdout.write(f"Đang phục vụ tại http://{host}:{port}/ (Ctrl+C để dừng)")
        serve(application, host=host, port=port, threads=threads, ident="dangvien")
