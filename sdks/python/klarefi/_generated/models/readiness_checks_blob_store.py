from enum import StrEnum


class ReadinessChecksBlobStore(StrEnum):
    FAILED = "failed"
    OK = "ok"

    def __str__(self) -> str:
        return str(self.value)
