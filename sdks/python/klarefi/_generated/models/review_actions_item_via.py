from enum import StrEnum


class ReviewActionsItemVia(StrEnum):
    API = "api"
    CASE_FILE = "case_file"

    def __str__(self) -> str:
        return str(self.value)
