"""The demo community that ``quaestio demo`` loads into an empty site.

``content`` and ``variants`` hold the written material, ``people`` the members, ``planner``
decides who did what and when (in memory, deterministically), and ``builder`` writes it all in
one transaction. See docs/demo.md.
"""

from quaestio.web.demo.builder import DemoAlreadyLoaded, DemoSummary, SiteNotEmpty, build_demo

__all__ = ["DemoAlreadyLoaded", "DemoSummary", "SiteNotEmpty", "build_demo"]
