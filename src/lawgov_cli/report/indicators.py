"""Numeric indicators in report text: value + unit + the noun phrase it measures.

Reports state results as counts and rates embedded in prose: "新收行政复议案件319件，办结305件，
纠错率3.60%", "公布148项“四免”改革事项", "罚款金额约158万余元", "分别较2022年底上涨1.62个和5.29个百分点".
The rules, in order:

- Only Arabic numerals followed by a counting unit are indicators.  Years and dates (2023年, 3月),
  ordinals (第三批), Chinese numerals in names (二十大, 一规划两纲要, 三年行动计划) and anything inside
  《…》 or 〔…〕 are not.
- ``约/近/逾/超过`` before, ``余/多/以上/左右`` after the number mark an approximate value.
- The name is the noun phrase after the unit when there is one ("148项“四免”改革事项"), else the
  phrase before the number with its leading subject and verb removed ("行政执法监督平台归集行政执法
  案件45680件" -> 行政执法案件).  A counting verb that distinguishes figures of one noun stays as a
  qualifier: "新收行政复议案件319件，办结305件" -> 行政复议案件(新收), 行政复议案件(办结).
- A figure with no noun of its own inherits the previous one in the sentence ("同比增长21%" ->
  行政执法案件(同比增长)); "分别…" distributes over the figures just before it.

Extraction is per sentence, so indicators of a text are the concatenation of those of its sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lawgov_cli.report.model import Indicator
from lawgov_cli.report.vocabulary import (
    _APPROX_BEFORE,
    _CHANGE_WORDS,
    _LEADING_FILLERS,
    _LEADING_VERBS,
    _RIGHT_STOPS,
    _TRAILING_LINKS,
    ACTION_VERBS,
    QUALIFYING_VERBS,
    UNITS,
)

_UNIT_ALT = "|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\d.A-Za-z/:_\-第])(?P<num>\d+(?:\.\d+)?)(?P<mag>[万亿千])?(?P<pre>余|多)?(?P<unit>{_UNIT_ALT})"
    r"(?P<post>以上|左右|余|多)?"
)
# "1.62个和5.29个百分点": the first figure shares the unit written after the second.
_SHARED_UNIT = re.compile(r"^(和|、|与|及)\d+(?:\.\d+)?个百分点")

# A phrase that only names what a change is measured against: "较2022年底", "比上年".
_COMPARISON_BASE = re.compile(r"^(?:较|同比|环比|比(?=[上去前同本\d]))")
_YEAR_PREFIX = re.compile(r"^(19|20)\d\d年(度|底|末|以来)?")

_CLAUSE_DELIMS = "，；：,;:"
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n")


@dataclass(slots=True)
class _Figure:
    start: int
    end: int  # after unit and approx suffix
    value: int | float
    unit: str
    approx: bool
    clause: int
    name: str = ""
    noun: str = ""


def split_sentences(text: str) -> list[str]:
    """Sentences ending in 。！？ (or a line end), without empty ones."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _masks(sentence: str) -> tuple[list[bool], list[bool]]:
    """(excluded, quoted): positions inside 《》〔〕【】 titles, and inside “” quotes."""
    excluded = [False] * len(sentence)
    quoted = [False] * len(sentence)
    depth_title = 0
    depth_quote = 0
    for i, ch in enumerate(sentence):
        if ch in "《〔【":
            depth_title += 1
        if ch in '“‘"':
            if ch == '"':
                depth_quote = 0 if depth_quote else 1
            else:
                depth_quote += 1
        excluded[i] = depth_title > 0
        quoted[i] = depth_quote > 0 or depth_title > 0
        if ch in "》〕】" and depth_title:
            depth_title -= 1
        if ch in "”’" and depth_quote:
            depth_quote -= 1
    return excluded, quoted


def _clause_bounds(sentence: str, quoted: list[bool]) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for i, ch in enumerate(sentence):
        if ch in _CLAUSE_DELIMS and not quoted[i]:
            bounds.append((start, i))
            start = i + 1
    end = len(sentence)
    while end > start and sentence[end - 1] in "。！？!?":
        end -= 1
    bounds.append((start, end))
    return bounds


def _strip_fillers(text: str) -> str:
    changed = True
    while changed and text:
        changed = False
        year = _YEAR_PREFIX.match(text)
        if year:
            text = text[year.end() :]
            changed = True
        for word in _LEADING_FILLERS:
            if text.startswith(word) and len(text) > len(word):
                text = text[len(word) :]
                changed = True
                break
    return text


def _strip_links(text: str) -> tuple[str, bool]:
    """Remove trailing link words ("…率达", "…均实现"); report whether one meant "about"."""
    approx = False
    changed = True
    while changed and text:
        changed = False
        for word in _TRAILING_LINKS:
            if text.endswith(word):
                approx = approx or word in _APPROX_BEFORE
                text = text[: -len(word)]
                changed = True
                break
    return text, approx


def _verb_spans(text: str, quoted_from: list[bool] | None = None) -> list[tuple[int, int, str]]:
    """Non-overlapping occurrences of ACTION_VERBS in ``text`` (outside quotes), left to right."""
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(text):
        if quoted_from is not None and quoted_from[i]:
            i += 1
            continue
        for verb in ACTION_VERBS:
            if text.startswith(verb, i):
                spans.append((i, i + len(verb), verb))
                i += len(verb)
                break
        else:
            i += 1
    return spans


def _noun_from_left(left: str, quoted: list[bool], *, leading_only: bool) -> tuple[str, str]:
    """(noun, qualifier) from the text before a figure.

    ``leading_only`` (rates) strips a verb only at the start, so "实质化解率" keeps its verb.
    """
    if leading_only:
        for verb in ACTION_VERBS:
            if left.startswith(verb) and len(left) > len(verb):
                left = left[len(verb) :]
                break
        for word in _CHANGE_WORDS:
            if left.endswith(word):  # "执法检查量同比增长15.3%" -> 执法检查量(同比增长)
                return left[: -len(word)], word
        return left, ""
    spans = _verb_spans(left, quoted)
    if not spans:
        for word in _CHANGE_WORDS:
            if left.endswith(word):
                return left[: -len(word)], word
        return _leading_verb(left, "")
    start, end, verb = spans[-1]
    noun = left[end:]
    if len(noun) == 1:
        # A one-character rest means the verb is part of the noun: "举办法治培训班" -> 法治培训班.
        if len(spans) > 1:
            _, end, verb = spans[-2]
            noun = left[end:]
        else:
            noun, verb = left, ""
    if noun:
        return _leading_verb(noun, verb if verb in QUALIFYING_VERBS else "")
    # The verb closes the phrase ("…目录清单认领743项"): the noun is what stands before it.
    before_start = spans[-2][1] if len(spans) > 1 else 0
    return left[before_start:start], verb


def _leading_verb(noun: str, qualifier: str) -> tuple[str, str]:
    """ "审核区政府合同" -> (区政府合同, 审核) unless a qualifier is already set."""
    if not qualifier:
        for verb in _LEADING_VERBS:
            if noun.startswith(verb) and len(noun) > len(verb) + 1:
                return noun[len(verb) :], verb
    return noun, qualifier


def _noun_from_right(right: str) -> str:
    cut = len(right)
    for word in _RIGHT_STOPS:
        index = right.find(word)
        if 0 <= index < cut:
            cut = index
    noun = right[:cut]
    return noun.strip("的 ")


def _with_qualifier(noun: str, qualifier: str) -> str:
    return f"{noun}({qualifier})" if qualifier and noun else (noun or qualifier)


def _sentence_indicators(sentence: str) -> list[Indicator]:
    excluded, quoted = _masks(sentence)
    clauses = _clause_bounds(sentence, quoted)

    def clause_of(pos: int) -> int:
        for index, (start, end) in enumerate(clauses):
            if start <= pos <= end:
                return index
        return len(clauses) - 1

    figures: list[_Figure] = []
    for match in _NUMBER.finditer(sentence):
        if excluded[match.start()]:
            continue
        unit = match.group("unit")
        after = sentence[match.end("unit") :]
        if unit == "个" and after.startswith("月"):
            continue  # "12个月" is a duration
        shared = _SHARED_UNIT.match(after) if unit == "个" else None
        if shared:
            unit = "个百分点"
        if match.group("mag"):
            unit = match.group("mag") + unit
        num = match.group("num")
        value: int | float = float(num) if "." in num else int(num)
        end = match.end() if not shared else match.end("unit")
        figures.append(
            _Figure(
                start=match.start(),
                end=end,
                value=value,
                unit=unit,
                approx=bool(match.group("pre") or match.group("post")),
                clause=clause_of(match.start()),
            )
        )

    results: list[Indicator] = []
    last_noun = ""
    group_targets: list[_Figure] = []
    group_qualifier = ""
    for index, fig in enumerate(figures):
        clause_start, clause_end = clauses[fig.clause]
        left_start = clause_start
        prev = figures[index - 1] if index else None
        if prev is not None and prev.clause == fig.clause:
            left_start = prev.end
            while left_start < fig.start and sentence[left_start] in "、和与及":
                left_start += 1
        # A 、 that separates figures ("学法5次、交流研讨1次") also starts a new name.
        right_end = clause_end
        following = figures[index + 1] if index + 1 < len(figures) else None
        if following is not None and following.clause == fig.clause:
            right_end = following.start
            lead = sentence.rfind("、", fig.end, following.start)
            if lead != -1 and not quoted[lead]:
                right_end = lead
        left_raw = sentence[left_start : fig.start]
        right_raw = sentence[fig.end : right_end]

        separate = "分别" in left_raw
        left = _strip_fillers(left_raw.strip())
        left, approx_before = _strip_links(left)
        left = _strip_fillers(left)
        fig.approx = fig.approx or approx_before
        # The quote mask of ``left`` itself (fillers and links are trimmed off both ends).
        left_offset = left_start + (len(left_raw) - len(left_raw.lstrip()))
        left_quoted = quoted[left_offset + max(left_raw.strip().find(left), 0) :]
        is_rate = fig.unit in ("%", "‰", "个百分点")

        right_noun = "" if is_rate else _noun_from_right(right_raw)
        if right_noun:
            text_end = fig.end + right_raw.find(right_noun) + len(right_noun)
        elif is_rate and right_raw.strip() not in ("", "和", "与", "及", "、"):
            text_end = right_end  # "90%以上事项纳入综合窗口": the rate is of what follows
        else:
            text_end = fig.end

        if separate or (group_targets and prev is not None and prev.clause == fig.clause and not left):
            if separate:
                group_qualifier = left.replace("分别", "")
                count = sum(1 for f in figures[index:] if f.clause == fig.clause)
                named = [f for f in figures[:index] if f.noun]
                group_targets = named[-count:] if len(named) >= count else []
            if group_targets:
                target = group_targets.pop(0)
                fig.noun = target.noun
                fig.name = _with_qualifier(target.noun, group_qualifier)
        if not fig.name:
            if right_noun:
                noun, qualifier = right_noun, ""
                if is_rate:
                    noun = left + right_raw
            else:
                noun, qualifier = _noun_from_left(left, left_quoted, leading_only=is_rate)
                if is_rate and text_end == right_end:
                    noun += right_raw.strip()
            noun = _strip_fillers(noun).strip("、和及与的 ")
            if qualifier in _CHANGE_WORDS and _COMPARISON_BASE.match(noun):
                # "实质化解率88.26%，较2022年底上涨5.29个百分点": the change is of the noun before.
                noun, qualifier = "", noun + qualifier
            if not noun:
                noun = last_noun or _previous_clause_noun(sentence, clauses, fig.clause, quoted)
            fig.noun = noun
            fig.name = _with_qualifier(noun, qualifier) or fig.unit
        if fig.noun and not separate:
            last_noun = fig.noun
        text_start = left_start + (len(left_raw) - len(left_raw.lstrip()))
        results.append(
            Indicator(
                name=fig.name,
                value=fig.value,
                unit=fig.unit,
                approx=fig.approx,
                text=sentence[text_start:text_end].strip(),
            )
        )
    return results


def _previous_clause_noun(
    sentence: str, clauses: list[tuple[int, int]], clause: int, quoted: list[bool]
) -> str:
    """For "建立…基层应急救援队伍，共计1000余人": the figure counts the previous clause's noun."""
    if clause == 0:
        return ""
    start, end = clauses[clause - 1]
    noun, _ = _noun_from_left(sentence[start:end], quoted[start:end], leading_only=False)
    return _strip_fillers(noun)


def extract_indicators(text: str) -> list[Indicator]:
    """Every numeric indicator in ``text`` (normalised report text), in reading order.

    >>> [(i.name, i.value, i.unit) for i in extract_indicators("新收行政复议案件319件，办结305件。")]
    [('行政复议案件(新收)', 319, '件'), ('行政复议案件(办结)', 305, '件')]
    """
    out: list[Indicator] = []
    for sentence in split_sentences(text):
        out.extend(_sentence_indicators(sentence))
    return out
