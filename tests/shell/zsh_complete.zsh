# zsh_complete.zsh FPATH_DIR OUT LINE...: completes each LINE in a real interactive zsh (on a pty,
# with compinit and FPATH_DIR first on $fpath) and appends its candidates to OUT, one a line,
# after a "== LINE" header. compadd is wrapped to record what the completion system would offer;
# a comppostfuncs hook marks the end of each completion, and no key is sent before it.
zmodload zsh/zpty || exit 77
fdir=$1 out=$2
shift 2
: >| $out
zpty -b sl_z 'zsh -f -i'
zpty -w sl_z "PS1=; PROMPT=; RPROMPT=; unsetopt zle_bracketed_paste 2>/dev/null; fpath=(${(q)fdir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w sl_z "compadd() { if (( \$@[(I)-[OAD]] )); then builtin compadd \"\$@\"; return; fi; local -a __m; builtin compadd -O __m \"\$@\"; print -rl -- \$__m >> ${(q)out}; builtin compadd \"\$@\"; }"
zpty -w sl_z "_sl_done() { print -r -- '~~ done' >> ${(q)out}; }"
zpty -w sl_z "bindkey '^I' complete-word; zstyle ':completion:*' menu no; unsetopt auto_list list_beep beep"
n=0
local -a marks
for line in "$@"; do
  (( n++ ))
  zpty -w sl_z "print -r -- '== '${(q)line} >> ${(q)out}; comppostfuncs=(_sl_done); print DO\"\"NE$n"
  zpty -r sl_z reply "*DONE$n*" || { print "zsh did not answer"; exit 1; }
  zpty -w -n sl_z "$line"$'\t'
  for (( i = 0; i < 400; i++ )); do  # up to 20 s for this completion to finish
    marks=(${(M)${(f)"$(<$out)"}:#\~\~ done})
    (( $#marks == n )) && break
    sleep 0.05
  done
  (( i < 400 )) || { print "completion of '$line' did not finish"; exit 1; }
  zpty -w sl_z $'\C-e\C-u'"print DO\"\"NEX$n"
  zpty -r sl_z reply "*DONEX$n*" || { print "zsh did not answer"; exit 1; }
done
zpty -w sl_z 'exit'
zpty -d sl_z
