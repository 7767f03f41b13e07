from enum import StrEnum


class KnownErrorType(StrEnum):
    AUTHENTICATION_ERROR = "authentication_error"
    AUTHORIZATION_ERROR = "authorization_error"
    INTERNAL_ERROR = "internal_error"
    NOT_FOUND = "not_found"
    PRECONDITION_ERROR = "precondition_error"
    RATE_LIMIT_ERROR = "rate_limit_error"
    VALIDATION_ERROR = "validation_error"

    def __str__(self) -> str:
        return str(self.value)
