"""The figures each fault scenario measured, printed at the end of the run (pytest's terminal
summary) so that a release note can quote them: messages expected, received, lost, sent twice."""

from collections import Counter

RESULTS = []


def mail_figures(expected_ids, received_ids):
    """Counts of the messages a scenario expected (their Message-IDs) against those the mail
    server received."""
    received = Counter(received_ids)
    return {
        "expected": len(expected_ids),
        "received": sum(1 for message in expected_ids if received[message]),
        "lost": sum(1 for message in expected_ids if not received[message]),
        "duplicated": sum(count - 1 for count in received.values() if count > 1),
        "unexpected": sum(1 for message in received if message not in set(expected_ids)),
    }


def record(scenario, figures=None, **facts):
    RESULTS.append({"scenario": scenario, **(figures or {}), **facts})


def lines():
    if not RESULTS:
        return []
    out = ["Fault scenarios (e-mails: expected / received / lost / duplicated / unexpected):"]
    for result in RESULTS:
        facts = {k: v for k, v in result.items() if k not in MAIL_KEYS and k != "scenario"}
        mail = ""
        if "expected" in result:
            mail = " / ".join(str(result[key]) for key in MAIL_KEYS) + "  "
        details = ", ".join(f"{key} {value}" for key, value in facts.items())
        out.append(f"  {result['scenario']:<44} {mail}{details}")
    return out


MAIL_KEYS = ("expected", "received", "lost", "duplicated", "unexpected")
