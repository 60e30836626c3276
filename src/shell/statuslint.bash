# bash completion for statuslint (installed as bash-completion/completions/statuslint).
# Options, output formats, log-format presets and subcommands are asked of the statuslint being
# completed (`statuslint --list ...`), and rule ids of `statuslint rules list -f jsonl`, so this
# file needs no edit when the program gains an option, a format or a rule.

# _statuslint_list EXE WHAT: one word a line from `EXE --list WHAT`.
_statuslint_list()
{
    "$1" --list "$2" 2>/dev/null
}

# _statuslint_rule_ids EXE [OPTION ...]: the ids of the rules EXE loads with those options.
_statuslint_rule_ids()
{
    local exe=$1
    shift
    "$exe" "$@" rules list -f jsonl 2>/dev/null | sed -n 's/^{"id":"\([^"]*\)".*/\1/p'
}

_statuslint()
{
    local cur prev words cword split
    declare -F _init_completion > /dev/null || return # needs bash-completion's helpers
    _init_completion -s || return

    local exe=${words[0]}
    local table
    table=$(_statuslint_list "$exe" options) || return
    # Options taking a value: "--format -f" etc., to skip their values when finding positionals.
    local argopts=" $(awk -F'\t' '$3 == 1 { printf "%s ", $1; if ($2 != "-") printf "%s ", $2 }' <<<"$table")"

    # Positional words before the cursor, and the options that change which rules load.
    local -a pos=() ruleopts=()
    local i w
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        if [[ $argopts == *" $w "* ]]; then
            [[ $w == --rules || $w == --config ]] && ruleopts+=("$w" "${words[i + 1]}")
            ((i++))
        elif [[ $w == --no-default-rules || $w == --rules=* || $w == --config=* ]]; then
            ruleopts+=("$w")
        elif [[ $w != -* || $w == - ]]; then
            pos+=("$w")
        fi
    done

    if [[ $argopts == *" $prev "* ]]; then
        case $prev in
            -f | --format)
                if [[ ${pos[0]-} == rules && ${pos[1]-} == list ]]; then
                    COMPREPLY=($(compgen -W 'text jsonl' -- "$cur"))
                elif [[ " ${words[*]} " == *" --version "* ]]; then
                    COMPREPLY=($(compgen -W 'text json' -- "$cur"))
                else
                    COMPREPLY=($(compgen -W "$(_statuslint_list "$exe" formats)" -- "$cur"))
                fi ;;
            --log-format)
                COMPREPLY=($(compgen -W "$(_statuslint_list "$exe" log-formats)" -- "$cur")) ;;
            --fail-on) COMPREPLY=($(compgen -W 'error warning info none' -- "$cur")) ;;
            --color) COMPREPLY=($(compgen -W 'auto always never' -- "$cur")) ;;
            --rules) _filedir '@(yml|yaml)' ;;
            -j | --threads | --csv-map | --baseline-max-age) ;;
            *) _filedir ;;
        esac
        return
    fi
    $split && return

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(awk -F'\t' '{ print $1; if ($2 != "-") print $2 }' <<<"$table")" -- "$cur"))
        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace
        return
    fi

    # Subcommands: "rules list" etc.; a first word that is one is completed like a command.
    local commands
    commands=$(_statuslint_list "$exe" commands)
    if ((${#pos[@]} == 0)); then
        COMPREPLY=($(compgen -W "$(cut -d' ' -f1 <<<"$commands" | sort -u)" -- "$cur"))
        _filedir
        return
    fi
    local seconds
    seconds=$(awk -v c="${pos[0]}" '$1 == c && NF > 1 { print $2 }' <<<"$commands")
    case ${#pos[@]}:${pos[0]}:${pos[1]-} in
        1:*:) if [[ -n $seconds ]]; then
                  COMPREPLY=($(compgen -W "$seconds" -- "$cur"))
              elif ! grep -qx "${pos[0]}" <<<"$commands"; then
                  _filedir
              fi ;;
        2:rules:explain)
            COMPREPLY=($(compgen -W "$(_statuslint_rule_ids "$exe" "${ruleopts[@]}")" -- "$cur")) ;;
        *:rules:test) _filedir '@(yml|yaml)' ;;
        *:rules:*) ;;
        *) _filedir ;;
    esac
} &&
    complete -F _statuslint statuslint
