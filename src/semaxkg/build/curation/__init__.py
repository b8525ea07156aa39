"""Curator tooling: propose a source block, locate passages, record releases, diff claims.

Nothing here is imported by the serving code; the modules read statement files, source
texts and built N-Quads, and write only what the curator asks for (a stub, a release).
"""
