"""The importer's proposals as text: what `import_article --dry-run` prints."""

from .analysis import Analysis


def proposals_text(analysis: Analysis) -> str:
    lines = [f"Story: {analysis.title or '(no title line)'}"]
    if analysis.published_on:
        lines.append(f"Date: {analysis.published_on} ({analysis.date_reason})")
    else:
        lines.append("Date: not in the text (give --published-on)")
    for removed in analysis.removed:
        lines.append(f"Boilerplate removed: {removed}")
    for kind, label in (
        ("person", "Persons"),
        ("organization", "Organizations"),
        ("place", "Places"),
    ):
        entities = analysis.of_kind(kind)
        lines.append(f"{label} ({len(entities)}):")
        for entity in entities:
            known = f"#{entity.known_id}" if entity.known_id else "new"
            if entity.context:
                known += ", contains a place named"
            aliases = (
                f"; also “{'”, “'.join(entity.aliases)}”" if entity.aliases else ""
            )
            lines.append(f"  {entity.name} [{known}]{aliases}")
    lines.append(f"Quotes ({len(analysis.quotes)}):")
    for quote in analysis.quotes:
        speaker = quote.speaker.name if quote.speaker else quote.description or "?"
        channel = f" [{quote.channel}]" if quote.channel else ""
        lines.append(f"  {speaker}{channel}: “{quote.text[:100]}”")
    for media in analysis.media:
        lines.append(f"Photo: {media.caption[:80]}")
        lines.append(f"  credit line: {media.credit_line}")
        for credit in media.credits:
            lines.append(
                f"  {credit.role}: {credit.party.name} (“{credit.as_written}”)"
            )
    lines.append(f"Contributions ({len(analysis.contributions)}):")
    for contribution in analysis.contributions:
        lines.append(f"  {contribution.party.name}, {contribution.role}")
    lines.append(f"Text defects ({len(analysis.defects)}):")
    for defect in analysis.defects:
        corrected = defect.corrected or "?"
        lines.append(f"  “{defect.original}” → “{corrected}”: {defect.explanation}")
    return "\n".join(lines)
