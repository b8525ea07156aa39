"""CLI sub-commands: each module exposes ``register(subparsers)``.

A module adds one or more sub-commands; ``semaxkg.cli`` imports every module listed in
``COMMAND_MODULES`` in order, so adding a command means adding a module and a line here.
"""

COMMAND_MODULES: tuple[str, ...] = (
    "semaxkg.commands.build_command",
    "semaxkg.commands.validate_command",
    "semaxkg.commands.stats_command",
    "semaxkg.commands.check_sources_command",
    "semaxkg.commands.coverage_command",
    "semaxkg.commands.serve_command",
    "semaxkg.commands.query_command",
    "semaxkg.commands.publish_command",
    "semaxkg.commands.add_source_command",
    "semaxkg.commands.locate_command",
    "semaxkg.commands.release_command",
    "semaxkg.commands.diff_command",
)
