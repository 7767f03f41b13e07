from enum import StrEnum


class ReviewCommandVia(StrEnum):
    API = "api"
    CASE_FILE = "case_file"

    def __str__(self) -> str:
        return str(self.value)
