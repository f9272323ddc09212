"""Thin views of the campaign slice: check the role, call a selector or a service, render."""
