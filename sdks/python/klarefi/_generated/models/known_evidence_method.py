from enum import StrEnum


class KnownEvidenceMethod(StrEnum):
    APPLICANT_ANSWER = "applicant_answer"
    BORN_DIGITAL_TEXT = "born_digital_text"
    OCR = "ocr"
    PREFILL = "prefill"
    REVIEWER = "reviewer"

    def __str__(self) -> str:
        return str(self.value)
