"""A practitioner's profile: credentials, experience, skills and preferences."""

from .io import dump_profile_toml, parse_profile, profile_json_schema, read_profile, write_profile
from .models import MUST_KEYS, SETTINGS, Preferences, Profile, normalize_setting

__all__ = [
    "MUST_KEYS",
    "SETTINGS",
    "Preferences",
    "Profile",
    "dump_profile_toml",
    "normalize_setting",
    "parse_profile",
    "profile_json_schema",
    "read_profile",
    "write_profile",
]
