from enum import StrEnum


class CaseMode(StrEnum):
    HOSTED = "hosted"
    PROCESSING = "processing"

    def __str__(self) -> str:
        return str(self.value)
