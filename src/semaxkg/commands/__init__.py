"""CLI sub-commands: each module exposes ``register(subparsers)``.

A module adds one or more sub-commands; ``semaxkg.cli`` imports every module listed in
``COMMAND_MODULES`` in order, so adding a command means adding a module and a line here.
"""

COMMAND_MODULES: tuple[str, ...] = (
    "semaxkg.commands.build",
    "semaxkg.commands.validate",
    "semaxkg.commands.stats",
    "semaxkg.commands.check_sources",
    "semaxkg.commands.coverage",
    "semaxkg.commands.serve",
    "semaxkg.commands.query",
    "semaxkg.commands.publish",
    "semaxkg.commands.add_source",
    "semaxkg.commands.locate",
    "semaxkg.commands.release",
    "semaxkg.commands.diff",
)
