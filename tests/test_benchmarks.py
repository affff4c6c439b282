"""The benchmark scripts' own logic (the measurements themselves are not tests)."""
from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.lighthouse import calibrated_slowdown, paired_ratios
from benchmarks.features import WITH, WITHOUT, with_features, without
from benchmarks.main_thread import blocking_estimate_ms, cpu_and_style_ms, longest_task_after_paint_ms


@pytest.mark.parametrize(("index", "slowdown"), [
    (2000, 4.0),   # Lighthouse's reference host: its default applies unchanged
    (2600, 4.0),   # a faster host is never throttled harder than the default
    (1000, 2.0),   # half as fast: half the slowdown (Lighthouse's "low-end desktop", 2x)
    (1111, 2.3),   # rounded up, never in the page's favour
    (300, 1.0),    # a host slower than the target phone is not sped up
])
def test_calibrated_slowdown_scales_with_the_host(index: float, slowdown: float) -> None:
    """The calibrated CPU slowdown is 4x scaled by the host's benchmarkIndex over 2000."""
    assert calibrated_slowdown(index) == slowdown


def test_lighthouse_ratio_is_the_median_of_side_by_side_runs() -> None:
    """Each handbook run is divided by the stock run made beside it, not by stock's median."""
    ours = [{"performance": p} for p in (100, 90, 99)]
    stock = [{"performance": p} for p in (100, 100, 90)]
    assert paired_ratios(ours, stock) == (1.0, 0.9, 1.1)


def test_loopback_server_stays_quiet_when_a_browser_hangs_up(capsys: pytest.CaptureFixture[str]) -> None:
    """A dropped keep-alive connection prints nothing; any other error still prints its trace."""
    from scripts.serve import make_server

    server = make_server(Path(__file__).parent, 0, "/")
    try:
        for error in (ConnectionResetError("peer"), BrokenPipeError("pipe")):
            try:
                raise error
            except OSError:
                server.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("a real fault")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert "ValueError: a real fault" in capsys.readouterr().err
    finally:
        server.server_close()


def test_main_thread_time_counts_only_the_page_s_main_thread() -> None:
    """CPU time is the thread time of the parser thread's tasks; style is its UpdateLayoutTree."""
    events = [
        {"name": "ParseHTML", "pid": 1, "tid": 7, "ph": "X", "tdur": 500},
        {"name": "RunTask", "pid": 1, "tid": 7, "ph": "X", "tdur": 30000},
        {"name": "UpdateLayoutTree", "pid": 1, "tid": 7, "ph": "X", "tdur": 12000},
        {"name": "RunTask", "pid": 1, "tid": 7, "ph": "X", "tdur": 8000},
        {"name": "RunTask", "pid": 2, "tid": 3, "ph": "X", "tdur": 99000},  # another process
        {"name": "RunTask", "pid": 1, "tid": 7, "ph": "B"},  # not a complete event
    ]
    assert cpu_and_style_ms(events) == (38.0, 12.0)
    with pytest.raises(ValueError, match="ParseHTML"):
        cpu_and_style_ms(events[1:])


def test_longest_task_counts_from_the_first_paint_on_the_main_thread() -> None:
    """Tasks before the first contentful paint, or on other threads, are not the longest task."""
    events = [
        {"name": "ParseHTML", "pid": 1, "tid": 7, "ph": "X", "ts": 0, "dur": 500},
        {"name": "RunTask", "pid": 1, "tid": 7, "ph": "X", "ts": 100, "dur": 90000},  # before paint
        {"name": "firstContentfulPaint", "pid": 1, "tid": 7, "ph": "I", "ts": 200000},
        {"name": "RunTask", "pid": 1, "tid": 7, "ph": "X", "ts": 210000, "dur": 70000},
        {"name": "RunTask", "pid": 1, "tid": 7, "ph": "X", "ts": 300000, "dur": 40000},
        {"name": "RunTask", "pid": 2, "tid": 3, "ph": "X", "ts": 300000, "dur": 99000},  # elsewhere
    ]
    assert longest_task_after_paint_ms(events) == 70.0
    with pytest.raises(ValueError, match="firstContentfulPaint"):
        longest_task_after_paint_ms([e for e in events if e["name"] != "firstContentfulPaint"])


def test_blocking_estimate_scales_tasks_after_the_first_paint() -> None:
    """Each main-thread task after first paint counts four times its length, less 50 ms."""
    events = [
        {"name": "ParseHTML", "pid": 1, "tid": 7, "ph": "X", "ts": 0, "dur": 500},
        {"name": "RunTask", "pid": 1, "tid": 7, "ph": "X", "ts": 100, "dur": 90000},  # before paint
        {"name": "firstContentfulPaint", "pid": 1, "tid": 7, "ph": "I", "ts": 200000},
        {"name": "RunTask", "pid": 1, "tid": 7, "ph": "X", "ts": 210000, "dur": 30000},  # 120 - 50
        {"name": "RunTask", "pid": 1, "tid": 7, "ph": "X", "ts": 300000, "dur": 10000},  # 40: none
        {"name": "RunTask", "pid": 2, "tid": 3, "ph": "X", "ts": 300000, "dur": 99000},  # elsewhere
    ]
    assert blocking_estimate_ms(events) == 70.0
    assert blocking_estimate_ms(events, slowdown=1.0) == 0.0


def test_feature_variants_delete_exactly_the_named_list_items() -> None:
    """Each variant's mkdocs.yml lacks its items and nothing else; a missing item is an error."""
    config = (Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    for items in WITHOUT.values():
        changed = without(config, items)
        removed = [line for line in config.splitlines() if line not in changed.splitlines()]
        assert [line.strip().split()[1] for line in removed] == list(items)
    with pytest.raises(ValueError, match="'navigation.nothing' 0 times"):
        without(config, ("navigation.nothing",))


def test_feature_variants_add_features_the_handbook_leaves_off() -> None:
    """Each added feature is new to the theme's list, and the result is valid YAML with it listed."""
    import yaml

    config = (Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("", lambda *_: None)  # mkdocs.yml's !ENV and !!python tags
    features = yaml.load(config, Loader=loader)["theme"]["features"]
    for items in WITH.values():
        assert not set(items) & set(features)
        changed = yaml.load(with_features(config, items), Loader=loader)["theme"]["features"]
        assert changed == [*items, *features]


def test_build_without_macros_drops_the_plugin_the_hooks_and_the_handbook_s_extensions() -> None:
    """The no-macros variant's mkdocs.yml lacks the macros plugin, `hooks:` and `macros.*`, and nothing else."""
    import yaml

    from benchmarks.build_time import without_macros

    config = (Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("", lambda *_: None)  # mkdocs.yml's !ENV and !!python tags
    before, after = yaml.load(config, Loader=loader), yaml.load(without_macros(config), Loader=loader)
    assert "hooks" in before and "hooks" not in after
    names = lambda items: [next(iter(i)) if isinstance(i, dict) else i for i in items]  # noqa: E731
    assert "macros" in names(before["plugins"])
    assert names(after["plugins"]) == [n for n in names(before["plugins"]) if n != "macros"]
    assert names(after["markdown_extensions"]) == [
        n for n in names(before["markdown_extensions"]) if not n.startswith("macros.")]
    assert {k: v for k, v in after.items() if k not in ("plugins", "markdown_extensions")} == {
        k: v for k, v in before.items() if k not in ("plugins", "markdown_extensions", "hooks")}


def test_copies_join_the_navigation_in_reading_order() -> None:
    """Each copy is a navigation section listing its copied pages in the handbook's order."""
    from benchmarks.build_time import nav_copies

    nav = ["index.md", "tools/rmm.md", "tags.md", "glossary.md"]
    text = nav_copies(nav, {"index.md", "tools/rmm.md", "glossary.md"}, range(1, 3))
    assert text.splitlines() == [
        "  - Copy 1:", "      - copy-1/index.md", "      - copy-1/tools/rmm.md", "      - copy-1/glossary.md",
        "  - Copy 2:", "      - copy-2/index.md", "      - copy-2/tools/rmm.md", "      - copy-2/glossary.md"]


def test_build_variants_alternate_and_report_medians_and_ranges_per_page() -> None:
    """Rounds reverse the variants' order in turn; figures are ms per page, median (range)."""
    from benchmarks.build_time import VARIANTS, order, ratio_spread, spread

    assert order(0) == VARIANTS and order(1) == VARIANTS[::-1] and order(2) == VARIANTS
    assert spread([1.0, 3.0, 2.0], 100) == "20.0 (10.0-30.0)"
    assert ratio_spread([2.0, 1.5, 3.0]) == "2.00 (1.50-3.00)"


def test_build_profile_counts_only_waits_and_scales_busy_time_to_cpu() -> None:
    """The profile's time spent waiting (locks, waitpid) is left out before scaling to the process's CPU."""
    from benchmarks.build_profile import cumulative, scale, waiting

    class Stats:
        total_tt = 10.0
        stats = {
            ("~", 0, "<method 'acquire' of '_thread.lock' objects>"): (1, 1, 4.0, 4.0, {}),
            ("/x/macros/__init__.py", 80, "define_env"): (1, 1, 0.1, 2.0, {}),
            ("/x/plugin.py", 1, "on_files"): (1, 1, 0.1, 1.0, {}),
            ("/x/plugin.py", 2, "on_page_markdown"): (1, 1, 0.1, 0.5, {}),
            ("/x/plugin.py", 3, "helper"): (1, 1, 0.1, 9.0, {}),
        }

    assert waiting(Stats()) == 4.0
    assert scale(Stats(), 3.0) == 0.5
    assert cumulative(Stats(), "macros/__init__.py", ("define_env",)) == 2.0
    assert cumulative(Stats(), "/plugin.py", ("on_*",)) == 1.5


def test_search_scale_counts_a_copy_s_page_as_its_original() -> None:
    """Results from the x10 corpus's copies count as the page they copy, each page once."""
    from benchmarks.search_scale import top_pages

    links = ["http://127.0.0.1:1/handbook/copy-3/tools/psa/#a", "/handbook/tools/psa/", "/handbook/copy-1/glossary/",
             "/handbook/business/pricing/"]
    assert top_pages(links, "http://127.0.0.1:1/handbook/") == ["tools/psa/", "glossary/", "business/pricing/"]
