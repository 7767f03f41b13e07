from enum import StrEnum


class SessionCreatedLocaleFallbackUsed(StrEnum):
    EN = "en"
    NL = "nl"

    def __str__(self) -> str:
        return str(self.value)
