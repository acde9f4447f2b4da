"""Where the text says a claim is unverified: "could not independently verify",
"could not immediately be confirmed", "purporting to show". A curator records
each as a verification note on the update."""

import re

from . import text as t
from .proposals import VerificationProposal

_NOT = (
    r"(?:could not|couldn[’']t|cannot|can[’']t|was unable to|were unable to|"
    r"has not been able to|have not been able to|is not able to|was not able to)"
)
_ADVERBS = r"(?:\s+(?:immediately|independently|yet|so far|readily))*"
CUES = re.compile(
    rf"\b(?:{_NOT}{_ADVERBS}\s+(?:be{_ADVERBS}\s+)?(?:verif(?:y|ied)|confirm(?:ed)?|"
    rf"corroborat(?:e|ed)|authenticat(?:e|ed))"
    rf"|(?:has|have|had|was|were) not{_ADVERBS}\s+(?:been{_ADVERBS}\s+)?"
    rf"(?:verified|confirmed|corroborated)"
    rf"|not possible to (?:independently )?(?:verify|confirm)"
    # "It was not immediately clear if it related to the attack": the claim's
    # link is open.
    r"|\b(?:was|is)\s+not\s+immediately\s+clear\s+(?:if|whether)\b"
    r"|unverified|not independently verified|purport(?:ing|ed|s)? to show"
    r"|without (?:providing|offering|giving|citing) (?:any )?evidence"
    r"|(?:did|does) not (?:provide|offer|give) (?:any )?evidence)",
    re.IGNORECASE,
)


class VerificationRules:
    """Part of the analysis (importer.analysis), sharing its state."""

    def _verification(self) -> list[VerificationProposal]:
        found = []
        for index, paragraph in enumerate(self.paragraphs):
            for start, end in t.sentences(paragraph):
                sentence = paragraph[start:end]
                match = CUES.search(sentence)
                if match is not None:
                    found.append(VerificationProposal(match.group(), sentence, index))
        return found
