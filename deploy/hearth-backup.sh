#!/bin/sh
# Daily Hearth backup (run by hearth-backup.service): one archive per run in $BACKUP_DIR,
# named by the time it was taken, and only the newest $KEEP kept. `hearth backup` is safe while
# Hearth runs (SQLite's online backup); it writes under a temporary name and renames the archive
# into place only when it is complete, so a half-written file is never counted or kept.
set -eu

BACKUP_DIR="${BACKUP_DIR:-/var/lib/hearth-backups}"
KEEP="${KEEP:-7}"
HEARTH="${HEARTH:-/opt/hearth/bin/hearth.js}"
NODE="${NODE:-node}"

mkdir -p "$BACKUP_DIR"
chmod 0700 "$BACKUP_DIR"
archive="$BACKUP_DIR/hearth-$(date -u +%Y%m%dT%H%M%SZ).zip"
"$NODE" "$HEARTH" backup "$archive"
# Check what was just written, as a restore would (hashes and the database's integrity).
"$NODE" "$HEARTH" restore --check "$archive"

# The names sort by time (the glob expands sorted): everything but the newest $KEEP goes.
count=0
for f in "$BACKUP_DIR"/hearth-[0-9]*T[0-9]*Z.zip; do
  [ -e "$f" ] && count=$((count + 1))
done
for f in "$BACKUP_DIR"/hearth-[0-9]*T[0-9]*Z.zip; do
  [ "$count" -le "$KEEP" ] && break
  rm -f -- "$f"
  count=$((count - 1))
done
