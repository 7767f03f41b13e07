from enum import StrEnum


class CreateSessionRequestCaseTypeId(StrEnum):
    HOME_DAMAGE = "home_damage"
    MOTOR_CLAIM = "motor_claim"

    def __str__(self) -> str:
        return str(self.value)
