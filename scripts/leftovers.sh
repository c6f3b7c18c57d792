#!/usr/bin/env bash
# Fails if a run left anything of ipcsim's on this machine: POSIX shared memory and queues,
# System V queues and semaphore sets, session folders, processes. (Tests check this themselves;
# this is the last word.)
set -u
left=""
shm=$(ls /dev/shm 2>/dev/null | grep '^ipcsim-' || true)
[ -n "$shm" ] && left+=$'\n'"  /dev/shm: $(echo $shm)"
mnt=$(mktemp -d)
if mount -t mqueue none "$mnt" 2>/dev/null; then
    mq=$(ls "$mnt" | grep '^ipcsim-' || true)
    [ -n "$mq" ] && left+=$'\n'"  message queues: $(echo $mq)"
    umount "$mnt"
fi
rmdir "$mnt"
# System V message queues, semaphore sets and shared memory segments with ipcsim's keys
# (0x69xxxxxx, ipc/sessionlayout.h).
sysv=$(ipcs -q -s -m 2>/dev/null | awk '$1 ~ /^0x69/ {print $1}')
[ -n "$sysv" ] && left+=$'\n'"  System V objects (keys): $(echo $sysv)"
dirs=$(ls -d /tmp/ipcsim-[0-9]* "${XDG_RUNTIME_DIR:-/nonexistent}"/ipcsim-[0-9]* 2>/dev/null || true)
[ -n "$dirs" ] && left+=$'\n'"  session folders: $(echo $dirs)"
procs=$(ps -eo pid=,comm= | awk '$2 ~ /^ipcsim-worker/ {print $1}')
[ -n "$procs" ] && left+=$'\n'"  ipcsim-worker processes: $(echo $procs)"
if [ -n "$left" ]; then
    echo "leftovers: ipcsim left these behind:$left" >&2
    exit 1
fi
echo "leftovers: none"
