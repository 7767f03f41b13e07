from enum import StrEnum


class KnownDocumentStatus(StrEnum):
    FAILED = "failed"
    PROCESSED = "processed"
    QUEUED = "queued"
    RECEIVED = "received"
    STORED = "stored"

    def __str__(self) -> str:
        return str(self.value)
