from .profiles import Profile, SettlementStep, StepCompletion
from .tenants import Invitation, Membership, Role, Tenant
from .users import User

__all__ = [
    "Invitation",
    "Membership",
    "Profile",
    "Role",
    "SettlementStep",
    "StepCompletion",
    "Tenant",
    "User",
]
