"""caselog: a victim's own exports turned into an evidence bundle an officer can read and verify."""

__version__ = "0.1.0"
