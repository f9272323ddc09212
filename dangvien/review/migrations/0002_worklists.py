# Worklists and fixing (issue 6). Duplicate decisions are recreated with plain record ids: no
# decision exists yet in any installation (the table was created empty in 0001).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0001_initial'),
        ('review', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.DeleteModel(name='DuplicateDecision'),
        migrations.CreateModel(
            name='DuplicateDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('record_low', models.BigIntegerField()),
                ('record_high', models.BigIntegerField()),
                ('verdict', models.CharField(choices=[('different', 'Không phải cùng một người'), ('merged', 'Đã gộp')], max_length=10)),
                ('decided_at', models.DateTimeField(auto_now_add=True)),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('change_set', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='review.changeset')),
                ('org', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organization')),
            ],
            options={
                'constraints': [
                    models.UniqueConstraint(fields=('record_low', 'record_high'), name='duplicate_pair_unique'),
                    models.CheckConstraint(condition=models.Q(('record_low__lt', models.F('record_high'))), name='duplicate_pair_ordered'),
                ],
            },
        ),
        migrations.AddField(
            model_name='finding',
            name='ordinal',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name='finding',
            index=models.Index(fields=['org', 'state', 'rule'], name='finding_org_state_rule'),
        ),
        migrations.AddIndex(
            model_name='finding',
            index=models.Index(fields=['org', 'state', 'dimension'], name='finding_org_state_dim'),
        ),
        migrations.AddField(
            model_name='changeset',
            name='org',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.organization'),
        ),
        migrations.AddField(
            model_name='changeset',
            name='snapshot',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='changeitem',
            name='kept_on_undo',
            field=models.BooleanField(default=False),
        ),
    ]
