# fish completion for statuslint (installed in fish/vendor_completions.d/statuslint.fish).
# Options, output formats, log-format presets and subcommands are asked of statuslint itself
# (`statuslint --list ...`), and rule ids (with their titles) of `statuslint rules list -f jsonl`,
# so this file needs no edit when the program gains an option, a format or a rule.

function __statuslint_exe
    set -l tokens (commandline -opc)
    echo $tokens[1]
end

function __statuslint_list
    set -l exe (__statuslint_exe)
    command $exe --list $argv 2>/dev/null
end

# Options that take a value, for telling values from positional words.
set -g __statuslint_argopts
for line in (command statuslint --list options 2>/dev/null)
    set -l f (string split \t -- $line)
    test "$f[3]" = 1; or continue
    set -a __statuslint_argopts $f[1]
    test "$f[2]" != -; and set -a __statuslint_argopts $f[2]
end

# The positional words before the cursor (options and their values left out).
function __statuslint_positionals
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
        else if contains -- $t $__statuslint_argopts
            set skip 1
        else if string match -qr -- '^-.' $t
            continue
        else
            echo $t
        end
    end
end

# __statuslint_at WORD...: the positional words so far are exactly WORD...
function __statuslint_at
    set -l pos (__statuslint_positionals)
    test "$pos" = "$argv"
end

function __statuslint_has
    contains -- $argv[1] (commandline -opc)
end

function __statuslint_formats
    set -l pos (__statuslint_positionals)
    if test "$pos[1..2]" = "rules list"
        printf '%s\n' text jsonl
    else if __statuslint_has --version
        printf '%s\n' text json
    else
        __statuslint_list formats
    end
end

function __statuslint_rule_ids
    set -l tokens (commandline -opc)
    set -l opts
    for i in (seq 2 (count $tokens))
        switch $tokens[$i]
            case --rules --config
                set -a opts $tokens[$i] $tokens[(math $i + 1)]
            case --no-default-rules '--rules=*' '--config=*'
                set -a opts $tokens[$i]
        end
    end
    command $tokens[1] $opts rules list -f jsonl 2>/dev/null |
        string replace -rf '^\{"id":"([^"]*)","title":"((?:[^"\\\\]|\\\\.)*)".*' '$1\t$2'
end

complete -c statuslint -e
for line in (command statuslint --list options 2>/dev/null)
    set -l f (string split \t -- $line)
    set -l long (string sub -s 3 -- $f[1])
    set -l spec -c statuslint -l $long
    test "$f[2]" != -; and set -a spec -s (string sub -s 2 -- $f[2])
    test -n "$f[4]"; and set -a spec -d $f[4]
    if test "$f[3]" = 1
        set -a spec -r
        switch $long
            case format
                set -a spec -f -a '(__statuslint_formats)'
            case log-format
                set -a spec -f -a '(__statuslint_list log-formats)'
            case fail-on
                set -a spec -f -a 'error warning info none'
            case color
                set -a spec -f -a 'auto always never'
            case threads csv-map baseline-max-age
                set -a spec -f
            case rules
                set -a spec -F -a '(__fish_complete_suffix .yml .yaml)'
            case '*'
                set -a spec -F
        end
    end
    complete $spec
end

# Subcommands ("rules list" ...): first words where no positional is typed yet, then the second.
function __statuslint_subcommands
    set -l pos (__statuslint_positionals)
    set -l cmds (__statuslint_list commands)
    if test (count $pos) -eq 0
        string replace -r ' .*' '' -- $cmds | sort -u
    else if test (count $pos) -eq 1
        string replace -rf "^$pos[1] " '' -- $cmds
    end
end

function __statuslint_want_subcommand
    set -l pos (__statuslint_positionals)
    test (count $pos) -eq 0; and return 0
    test (count $pos) -eq 1; and __statuslint_list commands | string match -q -- "$pos[1] *"
end

complete -c statuslint -n '__statuslint_want_subcommand' -a '(__statuslint_subcommands)'
complete -c statuslint -n '__statuslint_at rules' -f
complete -c statuslint -n '__statuslint_at rules explain' -f -a '(__statuslint_rule_ids)'
complete -c statuslint -n '__statuslint_at rules list' -f
