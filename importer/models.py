from django.conf import settings
from django.db import models

from newsarchive.records import TimestampedModel


class ArticleImport(TimestampedModel):
    """One article run through the importer: the draft update it became.

    The update keeps the text as received (`original_text`); this row records
    where it came from, so a file is not imported twice and curators can find
    the drafts the importer made (the admin's review queue).
    """

    update = models.OneToOneField(
        "items.Update", on_delete=models.CASCADE, related_name="article_import"
    )
    source_name = models.CharField(max_length=300, help_text="The file's name.")
    sha256 = models.CharField(
        max_length=64, db_index=True, help_text="Of the text, to refuse a re-import."
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    removed = models.JSONField(
        default=list, blank=True, help_text="Boilerplate lines left out of the body."
    )
    maybes = models.JSONField(
        default=list,
        blank=True,
        help_text="Names linked to a person the archive holds only as a guess "
        '("maybe X"): [{"kind", "id", "as_written"}].',
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "imported article"

    def __str__(self):
        return f"{self.source_name} → update #{self.update_id}"
