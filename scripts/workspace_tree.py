"""Writes 10,000 Markdown documents (~100 MB) for the workspace benchmarks (harvest, index):
each ~10 KB, with definitions of 300 acronyms (10% an alternative expansion, 20% a
capitalised plural), and bare uses. Usage: python3 scripts/workspace_tree.py [DIR]"""
import os, random, string
random.seed(12)
import sys
root = sys.argv[1] if len(sys.argv) > 1 else "/tmp/hvbench/tree"
words = ("the service sends each message to a queue where workers read it and store the result "
         "in a database before the client asks for it again so that retries stay cheap and "
         "operators can see what happened when something fails during the night").split()
def acr(i):
    letters = string.ascii_uppercase
    return letters[i % 26] + letters[(i // 26) % 26] + letters[(i // 676) % 26] + "X"
# 300 acronyms, each with an expansion whose initials match
nouns = ["alpha","bravo","charlie","delta","echo","foxtrot","golf","hotel","india","juliet","kilo","lima",
         "mike","november","oscar","papa","quebec","romeo","sierra","tango","uniform","victor","whiskey","xray","yankee","zulu"]
pool = []
for i in range(300):
    a = acr(i)
    exp = " ".join(nouns[ord(c) - 65] for c in a[:3]) + " xenon"
    alt = " ".join(nouns[ord(c) - 65] for c in a[:3]) + " xylophone"
    pool.append((a, exp, alt))
for d in range(10000):
    sub = os.path.join(root, f"part{d // 500:02d}")
    os.makedirs(sub, exist_ok=True)
    out = [f"# Document {d}\n"]
    size = 0
    while size < 10000:
        para = " ".join(random.choice(words) for _ in range(60))
        r = random.random()
        a, exp, alt = random.choice(pool)
        if r < 0.3:
            e = alt if random.random() < 0.1 else (exp.capitalize() + "s" if random.random() < 0.2 else exp)
            para += f" The {e} ({a}) is used here."
        elif r < 0.6:
            para += f" Then the {a} runs."
        para = para[0].upper() + para[1:] + ".\n"
        out.append("\n" + para)
        size += len(para) + 1
    with open(os.path.join(sub, f"doc{d:05d}.md"), "w") as f:
        f.write("".join(out))
