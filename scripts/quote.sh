# quote WORD...: prints the words as a user would type them at a shell prompt,
# each preceded by a space; words the shell would split or expand are put in
# single quotes, so that a pasted line runs exactly the same command.
# `$EVAULT` (the built binary) is shown as `evault`.
quote() {
    local word
    for word in "$@"; do
        [ -n "${EVAULT:-}" ] && [ "$word" = "$EVAULT" ] && word=evault
        if [[ "$word" =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
            printf ' %s' "$word"
        else
            printf " '%s'" "${word//\'/\'\\\'\'}"
        fi
    done
}
