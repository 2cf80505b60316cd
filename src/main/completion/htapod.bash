
# The build appends this to the completion script that picocli.AutoComplete generates from
# HtapodCommand. picocli completes htapod's own options; from COMMAND on, the words are the
# command's, so they are completed as the command's own (as sudo and env do).

# Completes htapod's options up to COMMAND, then COMMAND and its arguments.
function _htapod() {
  # zsh's bashcompinit counts COMP_WORDS from 1; picocli's function and this one count from 0.
  [[ -n ${ZSH_VERSION-} ]] && setopt localoptions ksharrays
  # picocli's function lists the options that take a value; read them there rather than repeat them.
  local arg_opts
  arg_opts=$(declare -f _picocli_htapod | sed -n 's/.*local arg_opts="\([^"]*\)".*/\1/p')
  local i word
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ $word =~ ^[=:]+$ ]]; then
      ((i++)) # bash splits words at = and : (--format=json, 127.0.0.1:53): the next one is part of this one
    elif [[ $word == -- ]]; then
      _htapod_command $((i + 1))
      return
    elif [[ $word == -* ]]; then
      if [[ $word != *=* && $arg_opts == *"'$word'"* && ${COMP_WORDS[i + 1]} != "=" ]]; then
        ((i++)) # its value
      fi
    else
      _htapod_command "$i"
      return
    fi
  done
  if ((i == COMP_CWORD)) && [[ ${COMP_WORDS[COMP_CWORD]} != -* ]]; then
    _htapod_command "$i"
  else
    _complete_htapod "$@"
  fi
}

# Completes the words from index $1 on as a command line of their own.
function _htapod_command() {
  local start=$1 word=${COMP_WORDS[COMP_CWORD]}
  if declare -f _comp_command_offset >/dev/null; then
    _comp_command_offset "$start" # bash-completion 2.12 and later
  elif declare -f _command_offset >/dev/null; then
    _command_offset "$start"
  elif ((COMP_CWORD == start)); then
    local IFS=$'\n' # one candidate a line, spaces and all
    COMPREPLY=($(compgen -c -- "$word"))
  else
    local IFS=$'\n'
    type compopt &>/dev/null && compopt -o filenames
    COMPREPLY=($(compgen -f -- "$word"))
  fi
}

complete -F _htapod -o default htapod
