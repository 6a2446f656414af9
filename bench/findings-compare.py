#!/usr/bin/env python3
"""Normalises telltale JSON reports and compares a reference build's with the current build's, for
bench/findings-compare.sh.

  findings-compare.py normalise RAW.json OUT.json LABEL SIDE SPEC EXIT_CODE OUT_DIR [STDERR_FILE]
      drops the fields that vary between runs and builds, writes OUT.json, and appends what it dropped (and the
      scan's exit code and error) to OUT_DIR/runs.jsonl
  findings-compare.py table OUT_DIR
      compares OUT_DIR/normalised/LABEL.reference.json with LABEL.current.json for every LABEL in runs.jsonl;
      writes OUT_DIR/findings-compare.md and OUT_DIR/diffs/LABEL.txt (only where they differ), prints the table;
      exits 1 when anything differs or a scan failed
  findings-compare.py diff A.json B.json
      the readable difference of two normalised (or raw) reports, on standard output

Normalisation removes exactly three fields (see docs/report-schema.md): `scannedAt` (when the scan ran),
`tool.version` (which build ran it) and `statistics.elapsedMs` (how long it took). Everything else — findings in
order with every field, complete, incomplete, summary, schemes, payloads, target, schemaVersion and the other
statistics counters — is kept and compared exactly (objects by key, arrays in order).
"""
import difflib
import json
import os
import sys

DROPPED = (("scannedAt",), ("tool", "version"), ("statistics", "elapsedMs"))
MAX_CHANGED_FIELDS = 40
MAX_DIFF_LINES_IN_TABLE = 12


def normalise(report):
    """The report without the fields that vary between runs and builds; returns (normalised, dropped)."""
    dropped = {}
    for path in DROPPED:
        node = report
        for key in path[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict) and path[-1] in node:
            dropped[".".join(path)] = node.pop(path[-1])
    return report, dropped


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def dump(value, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=1)
        f.write("\n")


def canonical(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def short(value, limit=160):
    text = value if isinstance(value, str) else canonical(value)
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(finding):
    loc = finding.get("location") or {}
    return (f"{finding.get('ruleId')} {finding.get('severity')} \"{short(finding.get('title', ''), 90)}\" "
            f"@ {loc.get('path')}:{loc.get('line')}:{loc.get('column')}")


def path_of(finding):
    return (finding.get("location") or {}).get("path")


def field_diff(a, b, path, out):
    """Appends `path: a → b` for every leaf that differs (objects by key, arrays index by index)."""
    if len(out) >= MAX_CHANGED_FIELDS:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            sub = f"{path}.{key}" if path else key
            if key not in b:
                out.append(f"{sub}: {short(a[key])} → (absent)")
            elif key not in a:
                out.append(f"{sub}: (absent) → {short(b[key])}")
            else:
                field_diff(a[key], b[key], sub, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items → {len(b)} items")
        for i, (x, y) in enumerate(zip(a, b)):
            field_diff(x, y, f"{path}[{i}]", out)
        for i in range(len(b), len(a)):
            out.append(f"{path}[{i}]: {short(a[i])} → (absent)")
        for i in range(len(a), len(b)):
            out.append(f"{path}[{i}]: (absent) → {short(b[i])}")
    elif a != b or type(a) is not type(b):
        out.append(f"{path}: {short(a)} → {short(b)}")


def compare(ref, cur):
    """Returns (findings_identical, rest_identical, counts, lines, notes) for two normalised reports."""
    ref_findings, cur_findings = ref.get("findings") or [], cur.get("findings") or []
    lines, notes = [], []
    findings_identical = ref_findings == cur_findings
    if not findings_identical:
        a = [canonical(f) for f in ref_findings]
        b = [canonical(f) for f in cur_findings]
        if sorted(a) == sorted(b):
            notes.append("same findings, different order")
        removed = added = changed = 0
        lines.append("findings (- reference only, + current only, ~ changed; [index in reference→current]):")
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            # In a replaced run, a reference finding is "changed" into the first unused current one of the same rule
            # at the same path (else of the same rule); what stays unpaired was removed or added.
            used, pairs = set(), {}
            for i in range(i1, i2):
                for same_path in (True, False):
                    j = next((j for j in range(j1, j2) if j not in used
                              and cur_findings[j].get("ruleId") == ref_findings[i].get("ruleId")
                              and (not same_path or path_of(cur_findings[j]) == path_of(ref_findings[i]))), None)
                    if j is not None:
                        used.add(j)
                        pairs[i] = j
                        break
            for i in range(i1, i2):
                if i in pairs:
                    j = pairs[i]
                    changed += 1
                    lines.append(f"~ [{i}→{j}] {describe(ref_findings[i])}")
                    fields = []
                    field_diff(ref_findings[i], cur_findings[j], "", fields)
                    lines.extend(f"      {f}" for f in fields)
                else:
                    removed += 1
                    lines.append(f"- [{i}] {describe(ref_findings[i])}")
            for j in range(j1, j2):
                if j not in used:
                    added += 1
                    lines.append(f"+ [{j}] {describe(cur_findings[j])}")
        notes.append(f"{removed} removed, {added} added, {changed} changed")
    rest_ref = {k: v for k, v in ref.items() if k != "findings"}
    rest_cur = {k: v for k, v in cur.items() if k != "findings"}
    rest_identical = rest_ref == rest_cur
    if not rest_identical:
        fields = []
        field_diff(rest_ref, rest_cur, "", fields)
        lines.append("rest of the report (reference → current):")
        lines.extend(f"  {f}" for f in fields)
        tops = sorted({f.split(":")[0].split("[")[0] for f in fields})
        notes.append("differs: " + ", ".join(tops))
    for side, report in (("reference", ref), ("current", cur)):
        if any(not i.get("reproducible", True) for i in report.get("incomplete") or []):
            notes.append(f"⚠ {side} was cut short by the machine (reproducible: false): not a fair comparison")
    return findings_identical, rest_identical, (len(ref_findings), len(cur_findings)), lines, notes


def runs(out_dir):
    """Per label, in first-seen order: {'spec', 'reference': record, 'current': record} from runs.jsonl."""
    result = {}
    path = os.path.join(out_dir, "runs.jsonl")
    if not os.path.exists(path):
        return result
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                entry = result.setdefault(record["label"], {"spec": record["spec"]})
                entry[record["side"]] = record
    return result


def md_cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def table(out_dir):
    entries = runs(out_dir)
    diffs_dir = os.path.join(out_dir, "diffs")
    os.makedirs(diffs_dir, exist_ok=True)
    rows, details, same, failed = [], [], 0, 0
    versions = {"reference": set(), "current": set()}
    for number, (label, entry) in enumerate(entries.items(), 1):
        errors = []
        for side in ("reference", "current"):
            record = entry.get(side)
            if record is None:
                errors.append(f"{side}: not scanned")
            elif record.get("error"):
                errors.append(f"{side}: {record['error']}")
            else:
                versions[side].add(str(record.get("dropped", {}).get("tool.version")))
        spec = md_cell(entry["spec"])
        ms = [entry.get(s, {}).get("dropped", {}).get("statistics.elapsedMs") for s in ("reference", "current")]
        timing = " / ".join(f"{m / 1000:.1f}" if isinstance(m, (int, float)) else "–" for m in ms)
        diff_path = os.path.join(diffs_dir, label + ".txt")
        if errors:
            failed += 1
            rows.append(f"| {number} | `{spec}` | – | – | **scan failed** | – | {timing} | {md_cell('; '.join(errors))} |")
            print(f"{label}: scan failed: {'; '.join(errors)}")
            continue
        ref = load(os.path.join(out_dir, "normalised", label + ".reference.json"))
        cur = load(os.path.join(out_dir, "normalised", label + ".current.json"))
        findings_identical, rest_identical, (n_ref, n_cur), lines, notes = compare(ref, cur)
        identical = findings_identical and rest_identical
        if identical:
            same += 1
            if os.path.exists(diff_path):
                os.remove(diff_path)
        else:
            with open(diff_path, "w", encoding="utf-8") as f:
                f.write(f"{entry['spec']}\n" + "\n".join(lines) + "\n")
            shown = lines[:MAX_DIFF_LINES_IN_TABLE]
            more = len(lines) - len(shown)
            details.append(f"### {number}. `{entry['spec']}`\n\n```\n" + "\n".join(shown)
                           + (f"\n… {more} more lines in diffs/{label}.txt" if more > 0 else "") + "\n```\n")
        yes = lambda b: "yes" if b else "**NO**"
        rows.append(f"| {number} | `{spec}` | {n_ref} | {n_cur} | {yes(findings_identical)} | {yes(rest_identical)} "
                    f"| {timing} | {md_cell('; '.join(notes))} |")
        print(f"{label}: findings {n_ref} reference / {n_cur} current, identical: "
              f"{'yes' if identical else 'NO'}" + (f" ({'; '.join(notes)})" if notes else ""))
        if not identical:
            for line in lines[:60]:
                print("    " + line)
            if len(lines) > 60:
                print(f"    … {len(lines) - 60} more lines in {diff_path}")
    total = len(entries)
    differ = total - same - failed
    header = [
        "# Findings: reference build against current build",
        "",
        "Made by `bench/findings-compare.sh` from the targets in `bench/real-packages.txt`. Each target is scanned",
        "`--no-store -f json` by both builds; the reports are compared after dropping only `scannedAt`, `tool.version`",
        "and `statistics.elapsedMs` (`normalised/LABEL.{reference,current}.json` are what was compared). *Findings",
        "identical*: the `findings` arrays are equal, in order, every field. *Rest identical*: everything else",
        "(`complete`, `incomplete`, `summary`, `schemes`, `payloads`, `target`, `schemaVersion`, the other",
        "`statistics` counters) is equal too.",
        "",
        f"- reference: {os.environ.get('COMPARE_REFERENCE', '?')} (tool.version {', '.join(sorted(versions['reference'])) or '?'})",
        f"- current: {os.environ.get('COMPARE_CURRENT', '?')} (tool.version {', '.join(sorted(versions['current'])) or '?'})",
        f"- **{same} of {total} identical**, {differ} differ, {failed} failed",
        "",
        "| # | target | findings reference | findings current | findings identical | rest identical | scan s (ref / cur) | notes |",
        "|---:|---|---:|---:|---|---|---:|---|",
    ]
    text = "\n".join(header + rows) + "\n"
    if details:
        text += "\n## Differences\n\n" + "\n".join(details)
    with open(os.path.join(out_dir, "findings-compare.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{same} of {total} identical, {differ} differ, {failed} failed; wrote {os.path.join(out_dir, 'findings-compare.md')}")
    return 0 if same == total else 1


def main(argv):
    if len(argv) >= 9 and argv[1] == "normalise":
        raw, out, label, side, spec, code, out_dir = argv[2:9]
        stderr = argv[9] if len(argv) > 9 else None
        record = {"label": label, "side": side, "spec": spec, "exitCode": int(code)}
        error = None
        if int(code) != 0 or not os.path.exists(raw):
            tail = open(stderr, encoding="utf-8", errors="replace").read().strip() if stderr and os.path.exists(stderr) else ""
            error = f"exit {code}: {short(tail.splitlines()[-1] if tail else 'no report', 300)}"
        else:
            normalised, dropped = normalise(load(raw))
            dump(normalised, out)
            record["dropped"] = dropped
        record["error"] = error
        with open(os.path.join(out_dir, "runs.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return 0
    if len(argv) == 3 and argv[1] == "table":
        return table(argv[2])
    if len(argv) == 4 and argv[1] == "diff":
        ref, _ = normalise(load(argv[2]))
        cur, _ = normalise(load(argv[3]))
        findings_identical, rest_identical, counts, lines, notes = compare(ref, cur)
        print(f"findings {counts[0]} / {counts[1]}, identical: {'yes' if findings_identical and rest_identical else 'NO'}"
              + (f" ({'; '.join(notes)})" if notes else ""))
        print("\n".join(lines))
        return 0 if findings_identical and rest_identical else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
