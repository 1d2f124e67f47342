"""The bundle's charts (REQUIREMENTS.md §5): illustrative pictures of the contacts, each with its source table.

A "contact" is what summary.py counts: an incoming message or call attempt from a party the case file
names. Three SVG charts go into the bundle's charts/ folder: contacts per day by channel (with the stop
request marked), a weekday × hour-of-day grid in the case zone's wall time, and a running total per
sender identifier, so a new number or account shows as a new line (change over time). Each comes back
with a title, a full-sentence alt text carrying the key figures, and the table of the numbers it draws,
which the report prints beneath it: the chart illustrates, the table and timeline.csv are the record.

Readable in black and white (§4): bars carry hatching as well as colour, lines differ by dash and
marker, the grid is greyscale with its count printed in each cell. The SVGs are deterministic (same
frame, same bytes: fixed size, hash salt, no date, DejaVu Sans metrics only) and safe to embed offline:
text stays text (escaped by matplotlib's SVG writer), nothing is referenced outside the file, no script.
Figures are drawn on matplotlib's SVG canvas directly: no pyplot, no backend switch, and rcParams are
changed only inside an rc_context for the duration of the drawing.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import matplotlib
import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import MaxNLocator

CONTACT_KINDS = ("message", "call")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOURS = tuple(f"{h:02d}" for h in range(24))
NO_IDENTIFIER = "(no sender identifier)"
STOP_LABEL = "stop request"

_RC = {
    "font.family": ["DejaVu Sans"],     # shipped with matplotlib: the same text metrics on every machine
    "font.size": 9.0,
    "svg.fonttype": "none",             # text as <text>: selectable, small, escaped
    "svg.hashsalt": "caselog-charts",   # ids from content, not uuid4: byte-identical output
    "svg.image_inline": True,
    "text.parse_math": False,           # "$" in an identifier is a character, not mathtext
    "text.usetex": False,
    "axes.unicode_minus": False,
    "hatch.linewidth": 0.6,
    "path.simplify": False,
}
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>\s*")
_SVG_METADATA = {"Date": None, "Creator": None, "Type": None, "Format": None}
_DPI = 72
_WIDE = (10.0, 4.6)
# Okabe–Ito colours (safe for colour-blind readers) in an order whose neighbours differ in lightness;
# hatches and dashes carry the distinction again for a black-and-white print.
_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#F0E442", "#56B4E9", "#D55E00", "#CC79A7", "#000000")
_LINE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9")   # no pale yellow
_HATCHES = ("", "///", "xxx", "\\\\\\", "---", "+++", "|||", "//", "\\\\")   # line hatches: small patterns
_DASHES = ("-", "--", ":", "-.")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_LABEL_MAX = 40
_ALT_IDENTIFIERS = 10


def render_charts(frame: pd.DataFrame, out_dir: Path, zone_name: str, stop_epoch_us: int | None) -> list[dict]:
    """Write the charts into `out_dir` (the bundle's charts/ folder) and describe each one.

    Returns one dict per chart: `file` (path inside the bundle), `title`, `alt` (a full sentence with
    the key figures) and `table` (a list of row dicts, the numbers the chart draws). A frame with no
    contacts gives no charts and an empty list; nothing is written then.
    """
    contacts = _contacts(frame)
    if contacts.empty:
        return []
    stop = _stop(stop_epoch_us, ZoneInfo(zone_name)) if stop_epoch_us is not None else None
    out_dir.mkdir(exist_ok=True)
    charts = []
    with matplotlib.style.context("default"), matplotlib.rc_context(_RC), warnings.catch_warnings():
        # Glyphs DejaVu lacks (emoji, scripts) are drawn by the viewer's fonts: the text is kept as text.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from font", category=UserWarning)
        for draw in (_per_day, _by_hour, _per_identifier):
            name, figure, title, alt, table = draw(contacts, zone_name, stop)
            _write_svg(figure, out_dir / name, title)
            charts.append({"file": f"charts/{name}", "title": title, "alt": alt, "table": table})
    return charts


def _write_svg(figure: Figure, path: Path, title: str) -> None:
    """The SVG without its DOCTYPE: the DTD's address is the one outside reference matplotlib writes
    (SVG 2 needs no DOCTYPE; browsers never fetch it, but a strict XML reader might try)."""
    buffer = io.BytesIO()
    FigureCanvasSVG(figure).print_svg(buffer, metadata={**_SVG_METADATA, "Title": title})
    path.write_bytes(_DOCTYPE.sub(b"", buffer.getvalue(), count=1))


def _contacts(frame: pd.DataFrame) -> pd.DataFrame:
    """The contacts with their local day (days since 1970-01-01), weekday (Monday 0) and hour."""
    columns = ["epoch_us", "timestamp_local", "channel", "party", "sender"]
    if frame.empty:
        return pd.DataFrame(columns=[*columns, "day", "weekday", "hour"])
    keep = ((frame["direction"].fillna("") == "incoming") & frame["kind"].fillna("").isin(CONTACT_KINDS)
            & (frame["party"].fillna("") != "")).to_numpy(dtype=bool)
    chosen = frame.loc[keep, columns]
    local = chosen["timestamp_local"].astype(str)
    out = pd.DataFrame({
        "epoch_us": chosen["epoch_us"].to_numpy(dtype="int64"),
        "channel": chosen["channel"].fillna("").astype(str).to_numpy(dtype=object),
        "party": chosen["party"].astype(str).to_numpy(dtype=object),
        "sender": chosen["sender"].fillna("").astype(str).to_numpy(dtype=object),
        "day": local.str.slice(0, 10).to_numpy(dtype=str).astype("datetime64[D]").astype("int64"),
        "hour": local.str.slice(11, 13).astype(int).to_numpy(),
    })
    out["weekday"] = (out["day"] + 3) % 7                  # 1970-01-01 was a Thursday
    return out.sort_values(["epoch_us", "party", "sender", "channel"], kind="stable", ignore_index=True)


def _stop(stop_epoch_us: int, zone: ZoneInfo) -> dict:
    local = datetime.fromtimestamp(stop_epoch_us / 1_000_000, UTC).astimezone(zone)
    day = (local.date() - datetime(1970, 1, 1).date()).days
    fraction = (local.hour * 3600 + local.minute * 60 + local.second) / 86_400
    return {"epoch_us": stop_epoch_us, "day": day, "fraction": fraction,
            "when": f"{local.date().isoformat()} at {local:%H:%M} ({zone.key})"}


# --- chart 1: contacts per day, by channel ------------------------------------------------------

def _per_day(contacts: pd.DataFrame, zone_name: str, stop: dict | None):
    counts = contacts.groupby(["day", "channel"]).size().unstack(fill_value=0)
    channels = sorted(counts.columns, key=lambda c: (-int(counts[c].sum()), c))
    counts = counts[channels].sort_index()
    first, last = _day_range(contacts, stop)
    x = counts.index.to_numpy() - first
    total = len(contacts)
    title = "Contacts per day, by channel"

    figure = Figure(figsize=_WIDE, dpi=_DPI, layout="constrained")
    ax = figure.add_subplot()
    bottom = np.zeros(len(counts), dtype="int64")
    edge = 0.4 if last - first < 120 else 0.0             # outlines on a year of thin bars would hide the fills
    for i, channel in enumerate(channels):
        heights = counts[channel].to_numpy(dtype="int64")
        drawn = heights > 0
        bars = PathPatch(_bars(x[drawn], bottom[drawn], heights[drawn]), facecolor=_COLOURS[i % len(_COLOURS)],
                         hatch=_HATCHES[i % len(_HATCHES)], edgecolor="black", linewidth=edge, label=_label(channel))
        ax.add_artist(bars)           # not add_patch: the limits are set below, not found by walking every corner
        bottom += heights
    _date_axis(ax, first, last)
    ax.set_xlim(-0.6, last - first + 0.6)
    ax.set_ylim(0, max(1, int(bottom.max())) * 1.12)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("contacts per day")
    ax.set_title(title)
    ax.legend(title="channel", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    _stop_line(ax, stop, first)

    busiest = int(np.argmax(bottom))                      # the first of equal days
    by_channel = ", ".join(f"{c} {int(counts[c].sum())}" for c in channels)
    alt = (f"Stacked bar chart of {_count(total, 'incoming contact')} (messages and call attempts) from parties "
           f"named in the case file, one bar per calendar day in {zone_name} from {_iso(first)} to {_iso(last)} "
           f"({_count(last - first + 1, 'day')}), split by channel: {by_channel}. "
           f"{_count(len(counts), 'day')} had at least one contact; the busiest was "
           f"{_iso(int(counts.index[busiest]))} with {_count(int(bottom[busiest]), 'contact')}.")
    alt += _stop_sentence(contacts, stop)
    table = [{"date": _iso(int(day)), **{c: int(n) for c, n in zip(channels, row, strict=True)},
              "total": int(sum(row))}
             for day, row in zip(counts.index, counts.itertuples(index=False, name=None), strict=True)]
    return "contacts-per-day.svg", figure, title, alt, table


# --- chart 2: weekday × hour of day ---------------------------------------------------------------

def _by_hour(contacts: pd.DataFrame, zone_name: str, stop: dict | None):
    grid = np.bincount(contacts["weekday"].to_numpy() * 24 + contacts["hour"].to_numpy(),
                       minlength=7 * 24).reshape(7, 24)
    peak = max(1, int(grid.max()))
    total = len(contacts)
    title = f"Contacts by weekday and hour of day ({zone_name})"

    figure = Figure(figsize=(10.0, 4.2), dpi=_DPI, layout="constrained")
    ax = figure.add_subplot()
    ax.pcolormesh(np.arange(25), np.arange(8), grid, cmap="Greys", vmin=0, vmax=peak * 1.15,
                  edgecolors="0.75", linewidth=0.5)
    size = 7.0 if peak < 1000 else 5.5
    for weekday in range(7):
        for hour in range(24):
            count = int(grid[weekday, hour])
            ink = "white" if count > 0.5 * peak * 1.15 else ("0.4" if count == 0 else "black")
            ax.text(hour + 0.5, weekday + 0.5, str(count), ha="center", va="center", fontsize=size, color=ink)
    ax.set_xlim(0, 24)
    ax.set_ylim(7, 0)                                     # Monday on top
    ax.set_xticks(np.arange(24) + 0.5, HOURS)
    ax.set_yticks(np.arange(7) + 0.5, [d[:3] for d in WEEKDAYS])
    ax.tick_params(length=0)
    ax.set_xlabel(f"hour of day (local time, {zone_name}); darker cells hold more contacts")
    ax.set_title(title)

    weekday, hour = np.unravel_index(int(np.argmax(grid)), grid.shape)   # the first of equal cells
    per_hour, per_weekday = grid.sum(axis=0), grid.sum(axis=1)
    top_hour = int(np.argmax(per_hour))
    alt = (f"Grid of {_count(total, 'incoming contact')} from parties named in the case file by weekday (rows, "
           f"Monday to Sunday) and hour of day (columns, 00 to 23, local time in {zone_name}); each cell prints "
           f"its count and darker cells hold more. The busiest cell was {WEEKDAYS[weekday]} "
           f"{_hour_span(int(hour))} with {_count(int(grid[weekday, hour]), 'contact')}; the busiest hour over "
           f"all days was {_hour_span(top_hour)} with {_count(int(per_hour[top_hour]), 'contact')}. "
           "Contacts per weekday: "
           + ", ".join(f"{d} {int(n)}" for d, n in zip(WEEKDAYS, per_weekday, strict=True)) + ".")
    table = [{"weekday": WEEKDAYS[d], **{HOURS[h]: int(grid[d, h]) for h in range(24)}, "total": int(per_weekday[d])}
             for d in range(7)]
    return "contacts-by-hour.svg", figure, title, alt, table


# --- chart 3: running total per sender identifier ----------------------------------------------------

def _per_identifier(contacts: pd.DataFrame, zone_name: str, stop: dict | None):
    first, last = _day_range(contacts, stop)
    daily = contacts.groupby(["party", "sender", "day"]).size()
    starts = contacts.groupby(["party", "sender"])["epoch_us"].min()
    keys = sorted(starts.index, key=lambda k: (int(starts[k]), k))        # in order of first appearance
    total = len(contacts)
    title = "Running total of contacts per sender identifier (change over time)"

    figure = Figure(figsize=_WIDE, dpi=_DPI, layout="constrained")
    ax = figure.add_subplot()
    table, described = [], []
    for i, (party, sender) in enumerate(keys):
        counts = daily.loc[(party, sender)]
        days = counts.index.to_numpy()
        running = counts.to_numpy().cumsum()
        xs = np.concatenate([[days[0] - first - 0.5], days - first - 0.5, [last - first + 0.5]])
        ys = np.concatenate([[0], running, [running[-1]]])
        ax.step(xs, ys, where="post", color=_LINE_COLOURS[i % len(_LINE_COLOURS)], linestyle=_DASHES[i % len(_DASHES)],
                marker=_MARKERS[(i // len(_DASHES)) % len(_MARKERS)], markevery=[0, len(xs) - 1],
                markersize=5, linewidth=1.6, label=_label(f"{sender or NO_IDENTIFIER} ({party})"))
        table += [{"date": _iso(int(d)), "identifier": sender or NO_IDENTIFIER, "party": party,
                   "contacts": int(n), "cumulative": int(c)}
                  for d, n, c in zip(days, counts.to_numpy(), running, strict=True)]
        described.append((sender or NO_IDENTIFIER, party, int(running[-1]), _iso(int(days[0])),
                          _iso(int(days[-1])), int(starts[(party, sender)])))
    _date_axis(ax, first, last)
    ax.set_xlim(-0.6, last - first + 0.6)
    ax.set_ylim(0, max(1, max(d[2] for d in described)) * 1.12)      # room for the stop label
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("contacts so far")
    ax.set_title(title)
    ax.legend(title="identifier (party)", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              fontsize=8 if len(keys) <= 12 else 6.5, ncol=1 if len(keys) <= 24 else 2, handlelength=3.0)
    _stop_line(ax, stop, first)
    table.sort(key=lambda row: row["date"])                              # stable: identifiers stay in order

    listed = "; ".join(f"{ident} ({party}): {_count(n, 'contact')}, first on {begin}, last on {end}"
                       for ident, party, n, begin, end, _ in described[:_ALT_IDENTIFIERS])
    more = len(described) - _ALT_IDENTIFIERS
    alt = (f"Step chart of the running total of {_count(total, 'incoming contact')} from parties named in the "
           f"case file, one line per sender identifier ({_count(len(keys), 'identifier')}), by day in {zone_name} "
           f"from {_iso(first)} to {_iso(last)}; a line starts on the day its identifier was first seen. {listed}"
           + (f"; and {_count(more, 'more identifier')} (see the table)." if more > 0 else "."))
    if stop is not None:
        later = [ident for ident, _, _, _, _, start in described if start > stop["epoch_us"]]
        named = ", ".join(later[:_ALT_IDENTIFIERS]) + (" and others (see the table)" if len(later) > _ALT_IDENTIFIERS
                                                        else "")
        alt += (f" A dashed vertical line marks the stop request on {stop['when']}; "
                + (f"{_count(len(later), 'identifier was', 'identifiers were')} first seen after it: {named}."
                   if later else "no identifier was first seen after it."))
    return "contacts-per-identifier.svg", figure, title, alt, table


# --- shared pieces ---------------------------------------------------------------------------------

def _day_range(contacts: pd.DataFrame, stop: dict | None) -> tuple[int, int]:
    first, last = int(contacts["day"].min()), int(contacts["day"].max())
    if stop is not None:
        first, last = min(first, stop["day"]), max(last, stop["day"])
    return first, last


def _bars(x: np.ndarray, bottom: np.ndarray, height: np.ndarray, width: float = 0.8) -> MplPath:
    """All of one channel's bars as one compound path: one SVG element and one hatch pattern, not one
    element per bar (a year of daily bars stays a small file)."""
    left, right, top = x - width / 2, x + width / 2, bottom + height
    corners = np.stack([np.stack([left, bottom], -1), np.stack([right, bottom], -1), np.stack([right, top], -1),
                        np.stack([left, top], -1), np.stack([left, bottom], -1)], axis=1).astype(float)
    codes = np.tile([MplPath.MOVETO, MplPath.LINETO, MplPath.LINETO, MplPath.LINETO, MplPath.CLOSEPOLY], len(x))
    return MplPath(corners.reshape(-1, 2), codes)


def _date_axis(ax, first: int, last: int) -> None:
    """Dates under the day positions (0 = first day), at most about 16 labels, ISO so never ambiguous."""
    span = last - first + 1
    step = max(1, -(-span // 16))
    ticks = np.arange(0, span, step)
    ax.set_xticks(ticks, [_iso(first + int(t)) for t in ticks], rotation=45, ha="right", rotation_mode="anchor")
    ax.set_xlabel("day (case time zone)")


def _stop_line(ax, stop: dict | None, first: int) -> None:
    if stop is None:
        return
    x = stop["day"] - first - 0.5 + stop["fraction"]
    ax.axvline(x, color="black", linestyle=(0, (5, 3)), linewidth=1.3, zorder=5)
    left, right = ax.get_xlim()
    on_right = x > (left + right) / 2
    ax.text(x, 0.98, f" {STOP_LABEL} " if not on_right else f"{STOP_LABEL} ", transform=ax.get_xaxis_transform(),
            ha="right" if on_right else "left", va="top", fontsize=8.5, zorder=6,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0})


def _stop_sentence(contacts: pd.DataFrame, stop: dict | None) -> str:
    if stop is None:
        return ""
    after = int((contacts["epoch_us"] > stop["epoch_us"]).sum())
    return (f" A dashed vertical line marks the stop request on {stop['when']}; {after} of the "
            f"{_count(len(contacts), 'contact')} came after it.")


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def _iso(day: int) -> str:
    return str(np.datetime64(day, "D"))


def _hour_span(hour: int) -> str:
    return f"{hour:02d}:00–{hour:02d}:59"


def _label(text: str) -> str:
    """Text from the exports as a chart label: control, format (bidi overrides, zero-width) and unassigned
    characters shown as �, cut to a readable length. The tables keep the value exactly as it was."""
    shown = "".join("\ufffd" if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return shown if len(shown) <= _LABEL_MAX else shown[:_LABEL_MAX - 1] + "…"
