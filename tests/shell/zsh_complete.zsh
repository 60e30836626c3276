# zsh_complete.zsh FPATH_DIR OUT LINE...: completes each LINE in a real interactive zsh (on a pty,
# with compinit and FPATH_DIR first on $fpath) and appends its candidates to OUT, one a line,
# after a "== LINE" header. compadd is wrapped to record what the completion system would offer.
zmodload zsh/zpty || exit 77
fdir=$1 out=$2
shift 2
: >| $out
zpty -b sl_z 'zsh -f -i'
zpty -w sl_z "PS1=; PROMPT=; RPROMPT=; unsetopt zle_bracketed_paste 2>/dev/null; fpath=(${(q)fdir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w sl_z "compadd() { if (( \$@[(I)-[OAD]] )); then builtin compadd \"\$@\"; return; fi; local -a __m; builtin compadd -O __m \"\$@\"; print -rl -- \$__m >> ${(q)out}; builtin compadd \"\$@\"; }"
zpty -w sl_z "bindkey '^I' complete-word; zstyle ':completion:*' menu no"
n=0
for line in "$@"; do
  (( n++ ))
  zpty -w sl_z "print -r -- '== '${(q)line} >> ${(q)out}; print DO\"\"NE$n"
  zpty -r sl_z reply "*DONE$n*" || { print "zsh did not answer"; exit 1; }
  zpty -w -n sl_z "$line"$'\t'
  zpty -w sl_z $'\C-e\C-u'"print DO\"\"NEX$n"
  zpty -r sl_z reply "*DONEX$n*" || { print "zsh did not answer"; exit 1; }
done
zpty -w sl_z 'exit'
zpty -d sl_z
