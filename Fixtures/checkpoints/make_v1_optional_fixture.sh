#!/usr/bin/env bash
# Regenerates the fixture of format v1's optional sections (kept as it is once committed: a reader
# must keep reading it):
#   v1-optional-sections.ckpt   a 4-8-3 learner with ER-ACE (train.ace_window = 20) and stored-output
#                               replay (replay.logit_weight = 0.2) after v1-train.csv's 300 records,
#                               written by `learnd serve` on request, so it holds HIST (the daemon's
#                               history: samples and checkpoint marks), RCLS and RLGT besides the
#                               14 required sections.
# Usage: Fixtures/checkpoints/make_v1_optional_fixture.sh [BIN_DIR]   (learnd, learnctl; default .build/debug)
set -euo pipefail
cd "$(dirname "$0")"
bin="$(cd "${1:-../../.build/debug}" && pwd)"
dir="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
"$bin/learnd" serve --fresh --state-dir "$dir/state" \
    --set "ingest.socket=\"$dir/i.sock\"" --set "control.socket=\"$dir/c.sock\"" \
    --set model.hidden=[8] --set model.outputs=3 --set model.seed=1 --set replay.capacity=64 \
    --set train.replay_k=4 --set train.ace_window=20 --set replay.logit_weight=0.2 \
    --set checkpoint.every_seconds=0 2> "$dir/learnd.log" &
pid=$!
for _ in $(seq 100); do [ -S "$dir/c.sock" ] && break; sleep 0.1; done
"$bin/learnctl" feed --socket "$dir/c.sock" --quiet v1-train.csv
sleep 4.5   # two history samples (one every 2 s) after the last record
path="$("$bin/learnctl" checkpoint --socket "$dir/c.sock" | awk '{ print $2 }')"
cp "$path" v1-optional-sections.ckpt
"$bin/learnctl" inspect v1-optional-sections.ckpt
