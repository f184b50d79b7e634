/* The scripts each shell sources. They hold no command names: on every
 * Tab they ask the program (`completion complete -- WORDS...`), which
 * answers from the action table, so they never go stale. A line ":file"
 * in the answer hands over to the shell's own file name completion. */
#include "app/completion.h"

#include <string.h>

static const char bash_script[] =
    "# bash completion for bento-console (bento-console completion bash)\n"
    "_bento_console() {\n"
    "    local bin=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} line f\n"
    "    [[ $bin == */* && -x $bin ]] || bin=bento-console\n"
    "    COMPREPLY=()\n"
    "    while IFS= read -r line; do\n"
    "        if [[ $line == :file ]]; then\n"
    "            compopt -o filenames 2>/dev/null\n"
    "            while IFS= read -r f; do COMPREPLY+=(\"$f\"); done < <(compgen -f -- \"$cur\")\n"
    "        elif [[ -n $line ]]; then\n"
    "            COMPREPLY+=(\"$line\")\n"
    "        fi\n"
    "    done < <(\"$bin\" completion complete -- \"${COMP_WORDS[@]:1:COMP_CWORD}\" "
    "2>/dev/null)\n"
    "}\n"
    "complete -F _bento_console bento-console\n";

static const char zsh_script[] =
    "#compdef bento-console\n"
    "# zsh completion for bento-console (bento-console completion zsh)\n"
    "_bento_console() {\n"
    "    local bin=${words[1]} line files=0\n"
    "    local -a cands\n"
    "    [[ $bin == */* && -x $bin ]] || bin=bento-console\n"
    "    for line in \"${(@f)$(\"$bin\" completion complete -- \"${(@)words[2,CURRENT]}\" "
    "2>/dev/null)}\"; do\n"
    "        if [[ $line == :file ]]; then\n"
    "            files=1\n"
    "        elif [[ -n $line ]]; then\n"
    "            cands+=(\"$line\")\n"
    "        fi\n"
    "    done\n"
    "    (( files )) && _files\n"
    "    (( ${#cands} )) && compadd -Q -- \"${cands[@]}\"\n"
    "    return 0\n"
    "}\n"
    "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
    "    _bento_console \"$@\"\n"
    "else\n"
    "    compdef _bento_console bento-console\n"
    "fi\n";

static const char fish_script[] =
    "# fish completion for bento-console (bento-console completion fish)\n"
    "function __bento_console_complete\n"
    "    set -l words (commandline -opc)\n"
    "    set -l cur (commandline -ct)\n"
    "    set -l bin $words[1]\n"
    "    string match -q '*/*' -- $bin; and test -x $bin; or set bin bento-console\n"
    "    set -e words[1]\n"
    "    for line in ($bin completion complete -- $words \"$cur\" 2>/dev/null)\n"
    "        if test \"$line\" = :file\n"
    "            __fish_complete_path \"$cur\"\n"
    "        else if test -n \"$line\"\n"
    "            echo $line\n"
    "        end\n"
    "    end\n"
    "end\n"
    "complete -c bento-console -f -a '(__bento_console_complete)'\n";

const char *app_completion_script(const char *shell)
{
    if (!strcmp(shell, "bash"))
        return bash_script;
    if (!strcmp(shell, "zsh"))
        return zsh_script;
    if (!strcmp(shell, "fish"))
        return fish_script;
    return NULL;
}
