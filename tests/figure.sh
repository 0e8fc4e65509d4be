#!/usr/bin/env bash
# figure.sh - figures (src/app/figure.c) read back by each format's own
# reader: every SVG by xmllint, every PDF by pdfinfo and pdftotext, every
# PNG by pngcheck, for a run of each task family; the axes' labels, the
# legend and the rule are in the SVG's text and the PDF's.  A bad name,
# an unknown panel and a place that cannot be written give one line and
# an exit status, and leave no file and no temporary behind.
#
# Cairo's fonts come from fontconfig, which keeps its configuration until
# exit: tests/lsan-cairo.supp tells LeakSanitizer so (only allocations
# made inside libfontconfig).
set -u
: "${E2L:?E2L must name the e2l binary}"
srcdir=$(cd "${srcdir:-.}" && pwd)
. "$srcdir/tests/lib.sh"
need xmllint pdfinfo pdftotext pngcheck grep ls mktemp rm cat wc
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp"
export XDG_CACHE_HOME=$tmp/.cache XDG_STATE_HOME=$tmp/.state
export LSAN_OPTIONS="suppressions=$srcdir/tests/lsan-cairo.supp:fast_unwind_on_malloc=0:print_suppressions=0"

# The text of an SVG as e2l writes it: its <title> and <desc>.
svg_text() {
    xmllint --xpath 'string(//*[local-name()="title"])' "$1" &&
        echo && xmllint --xpath 'string(//*[local-name()="desc"])' "$1"
}
# has FILE TEXT...: every TEXT is a fixed string in FILE.
has() {
    local f=$1 t; shift
    for t in "$@"; do
        grep -qF -- "$t" "$f" || { echo "  '$t' not in $f"; return 1; }
    done
}
# Nothing in the folder but what is named (no temporaries, no leftovers).
only() {
    local got want
    got=$(ls -A "$1" | tr '\n' ' ')
    want=$2
    [ "$got" = "$want" ] || { echo "  $1 holds '$got', not '$want'"; return 1; }
}

# task rule | the axis labels and legend words each figure must hold.
runs=(
    "error-quick|eq7|(v - u)*s|time (ms)|input|weights (pA)|student|teacher|potential (mV)"
    "reward-quick|lr1|(1 + R*Rbar)*(R - 1)*E|cumulative reward|trial|weights (pA)|w0|right answer"
    "correlation-quick|lr1|facilitate = k - w|depress = w*k - w - k|time (s)|weights (mV)|pattern|background"
)
for r in "${runs[@]}"; do
    IFS='|' read -r -a all <<< "$r"
    task=${all[0]} rule=${all[1]} words=("${all[@]:2}")
    mkdir "$task" && cd "$task" || exit 1
    check "$task $rule: run --figure writes an SVG, a PDF and a PNG" \
        bash -c '"$E2L" run "$0" "$1" --figure f.svg > run.out &&
                 "$E2L" run "$0" "$1" --figure f.pdf > /dev/null &&
                 "$E2L" run "$0" "$1" --figure f.png > /dev/null' "$task" "$rule"
    check "$task: the SVG is well-formed XML (xmllint)" xmllint --noout f.svg
    svg_text f.svg > svg.txt
    check "$task: the SVG's text names the axes, the legend and the rule" \
        has svg.txt "${words[@]}"
    check "$task: the PDF is read by pdfinfo, one page, titled with the rule" \
        bash -c 'pdfinfo f.pdf > info && grep -q "^Pages: *1$" info &&
                 grep -qF -- "$0" info' "${words[0]}"
    pdftotext f.pdf pdf.txt
    fitness=$(sed -n 's/^fitness *\([^ ]*\).*/\1/p' run.out)
    check "$task: the PDF's text has the axes, the legend, the rule and the run's fitness ($fitness)" \
        has pdf.txt "${words[@]}" "fitness $fitness"
    check "$task: the PNG passes pngcheck" bash -c 'pngcheck f.png > png.out'
    check "$task: nothing but the figures (no temporaries)" \
        only . "f.pdf f.png f.svg info pdf.txt png.out run.out svg.txt "
    cd "$tmp" || exit 1
done

# One panel: its own title and axes, not the others'.
check "--panel weights draws that panel alone" bash -c '
    "$E2L" run error-quick eq7 --figure w.svg --panel weights > /dev/null &&
    xmllint --noout w.svg &&
    xmllint --xpath "string(//*[local-name()=\"desc\"])" w.svg > w.txt &&
    grep -qF "weights (pA)" w.txt && grep -qF "(v - u)*s" w.txt &&
    ! grep -q "^spikes:" w.txt && ! grep -qF "membrane potential" w.txt'
check "a panel named by its curve's title (any case) is found" bash -c '
    "$E2L" run correlation-quick lr1 --figure m.pdf \
        --panel "Membrane Potential (free run)" > /dev/null &&
    pdftotext m.pdf - | grep -qF "membrane potential (free run) (mV)"'
check "the correlation raster shades the pattern windows and bands its inputs" bash -c '
    "$E2L" run correlation-quick lr1 --experiments 1 --figure r.pdf \
        --panel raster > /dev/null &&
    pdftotext r.pdf r.txt && grep -q "^spikes: 24 inputs" r.txt &&
    grep -qx "pattern" r.txt && grep -qx "background" r.txt &&
    test "$(grep -cx "pattern" r.txt)" -eq 2'
rm -f w.svg w.txt m.pdf r.pdf r.txt
check "a label shared by a group and its mean is one key (the weights' pattern and background)" bash -c '
    "$E2L" run correlation-quick lr1 --experiments 1 --figure cw.svg \
        --panel weights > /dev/null &&
    xmllint --xpath "string(//*[local-name()=\"desc\"])" cw.svg > cw.txt &&
    test "$(grep -cx pattern cw.txt)" -eq 1 &&
    test "$(grep -cx background cw.txt)" -eq 1'
check "a neuron that never spikes gets no output row or key (error task)" bash -c '
    "$E2L" run error-quick eq7 --figure eo.svg --panel raster > /dev/null &&
    xmllint --xpath "string(//*[local-name()=\"desc\"])" eo.svg > eo.txt &&
    grep -qx "spikes: 5 inputs, the last 500 ms" eo.txt &&
    ! grep -qx "out" eo.txt && ! grep -qx "output spike" eo.txt'
check "a spiking neuron keeps its output row and key (correlation task)" bash -c '
    "$E2L" run correlation-quick lr1 --experiments 1 --figure co.svg \
        --panel raster > /dev/null &&
    xmllint --xpath "string(//*[local-name()=\"desc\"])" co.svg > co.txt &&
    grep -q "^spikes: 24 inputs and the output" co.txt &&
    grep -qx "out" co.txt && grep -qx "output spike" co.txt'
# Which experiment a figure shows is written on it, as in the run view:
# the mean view's curves carry their SD bands, its raster names whose
# spikes they are; view experiment K names K and K's own fitness.
check "the mean view's figure says so, bands its curves and names the raster's experiment" bash -c '
    "$E2L" -c "task reward-quick" -c "view mean" -c "run lr0 --experiments 3" \
        -c "save figure mv.svg" > /dev/null &&
    xmllint --xpath "string(//*[local-name()=\"desc\"])" mv.svg > mv.txt &&
    grep -qF "panels: mean ± SD over 3 experiments" mv.txt &&
    grep -qx "experiment 0: spikes: 24 inputs and the output, trial by trial" mv.txt &&
    test "$(grep -cx "± SD across experiments" mv.txt)" -eq 2'
check "two families of lines in the mean view: a band key for each" bash -c '
    "$E2L" -c "task correlation-quick" -c "view mean" -c "run lr1" \
        -c "save figure mw.svg weights" > /dev/null &&
    xmllint --xpath "string(//*[local-name()=\"desc\"])" mw.svg > mw.txt &&
    grep -qx "pattern ± SD" mw.txt && grep -qx "background ± SD" mw.txt &&
    ! grep -q "SD across" mw.txt'
check "view experiment K: the figure names experiment K and its own fitness, and has no band" bash -c '
    "$E2L" run reward-quick lr0 --experiments 3 --json > ek.json &&
    k2=$(sed -n "s/.*\"values\": \[[^,]*, [^,]*, \([^],]*\)\].*/\1/p" ek.json) &&
    "$E2L" -c "task reward-quick" -c "view experiment 2" \
        -c "run lr0 --experiments 3" -c "save figure ek.svg" > /dev/null &&
    xmllint --xpath "string(//*[local-name()=\"desc\"])" ek.svg > ek.txt &&
    grep -qF "panels: experiment 2 of 3, fitness $(printf %.6g "$k2"):" ek.txt &&
    ! grep -q "SD across" ek.txt &&
    grep -qx "spikes: 24 inputs and the output, trial by trial" ek.txt'
rm -f cw.* eo.* co.* mv.* mw.* ek.*

# Names as they come: a task file whose name is not UTF-8 and holds XML's
# own characters still gives a figure each reader takes.
cp "$srcdir/tasks/error-quick.task" "$(printf 'odd\xff<&>.task')"
check "a name that is not UTF-8, with < & >, gives a well-formed SVG and PDF" bash -c '
    t=$(printf "./odd\xff<&>.task") &&
    "$E2L" run "$t" "(v-u)*s" --figure odd.svg > /dev/null &&
    "$E2L" run "$t" "(v-u)*s" --figure odd.pdf > /dev/null &&
    xmllint --noout odd.svg && pdfinfo odd.pdf > /dev/null &&
    xmllint --xpath "string(//*[local-name()=\"title\"])" odd.svg |
        grep -qxF "a rule on odd?<&>: formula = (v - u)*s"'
rm -f odd*

# Errors: one line, an exit status, no file.
expect_error() {   # status pattern command...
    local want=$1 pat=$2 code; shift 2
    "$@" > out 2> err; code=$?
    [ $code -eq "$want" ] || { echo "  exit $code, not $want"; cat err; return 1; }
    [ "$(wc -l < err)" -eq 1 ] || { echo "  not one line:"; cat err; return 1; }
    grep -qF -- "$pat" err || { echo "  no '$pat' in:"; cat err; return 1; }
}
mkdir errs && cd errs || exit 1
check "an unknown extension is a usage error naming the file" \
    expect_error 64 "e2l: --figure: view.jpg: a figure is written as .svg, .pdf or .png" \
    "$E2L" run error-quick eq7 --figure view.jpg
check "an unknown panel names the panels there are" \
    expect_error 64 "no panel 'spikes' in this run (panels: raster, weights, membrane-potential, cumulative-reward)" \
    "$E2L" run reward-quick lr1 --figure f.svg --panel spikes
check "--panel without --figure is a usage error" \
    expect_error 64 "--panel weights: goes with --figure FILE" \
    "$E2L" run reward-quick lr1 --panel weights
check "validate refuses --figure (it draws no run)" \
    expect_error 64 "e2l: validate: unknown option '--figure'" \
    "$E2L" validate error-quick eq7 --vs none --figure f.svg
check "a missing directory is an I/O error naming the file" \
    expect_error 74 "e2l: --figure: nodir/f.svg: No such file or directory" \
    "$E2L" run error-quick eq7 --figure nodir/f.svg
: > afile
check "a file where the directory should be is an I/O error" \
    expect_error 74 "e2l: --figure: afile/f.png: Not a directory" \
    "$E2L" run error-quick eq7 --figure afile/f.png
# The temporary is written, and the rename onto a directory fails: the
# temporary goes.
mkdir taken.svg
check "a figure that cannot replace its target leaves no temporary" \
    expect_error 74 "e2l: --figure: taken.svg: Is a directory" \
    "$E2L" run error-quick eq7 --figure taken.svg
rm -f out err
check "the failures above left no file and no temporary" only . "afile taken.svg "
# A directory without write permission (root ignores it: then the check
# runs as nobody, if nobody can run this e2l at all).
mkdir ro && chmod 555 ro
as=()
if [ "$(id -u)" -eq 0 ]; then
    as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    # The run itself, not just --version: nobody may not reach the
    # tasks where root keeps the checkout (a home folder of mode 700).
    ("${as[@]}" "$E2L" run error-quick eq7 -s experiments=1 \
        > /dev/null 2>&1) || as=(skip)
fi
if [ "${as[0]:-}" = skip ]; then
    echo "ok: (skipped: nobody cannot run $E2L on a task here, so the read-only directory is not tried as root)"
else
    check "a read-only directory is an I/O error, and stays empty" \
        bash -c 'cd "$0" && "$@" run error-quick eq7 --figure ro/f.svg \
                 > /dev/null 2> err; test $? -eq 74 &&
                 grep -qF "ro/f.svg: Permission denied" err && test -z "$(ls -A ro)"' \
        "$PWD" "${as[@]}" "$E2L"
fi
cd "$tmp" || exit 1

# The workbench: `save figure FILE [PANEL]` draws its last run.
check "save figure in the workbench writes the run's view and a panel" bash -c '
    "$E2L" -c "task correlation-quick" -c "run lr1" -c "save figure wb.svg" \
        -c "save figure wb.png weights" > wb.out &&
    grep -qx "saved the figure to wb.svg" wb.out &&
    grep -qx "saved the figure to wb.png" wb.out &&
    xmllint --noout wb.svg && pngcheck -q wb.png &&
    xmllint --xpath "string(//*[local-name()=\"title\"])" wb.svg |
        grep -qF "lr1 on correlation-quick: facilitate = k - w"'
check "save figure before any run says there is none" \
    expect_error 64 "save figure: none.svg: no run to draw yet" \
    "$E2L" -c "save figure none.svg"
check "save figure with an unknown extension writes nothing" bash -c '
    ! "$E2L" -c "task error-quick" -c "run eq7" -c "save figure v.gif" \
        > /dev/null 2> err && grep -qF "v.gif: a figure is written as" err &&
    test ! -e v.gif'

# bench/figures: the paper's panels from quick runs, each a figure.
check "bench/figures --quick draws its 20 panels, each an SVG xmllint reads" bash -c '
    "$0/bench/figures" --quick --out paper "$E2L" > paper.out &&
    test "$(ls paper/*.svg | wc -l)" -eq 20 && xmllint --noout paper/*.svg &&
    test "$(grep -c "^fig.*e2l run" paper/index.txt)" -eq 20 &&
    grep -q "^figures: 20 figures in .*, 0 failed" paper.out' "$srcdir"
check "bench/figures refuses a format it cannot write" \
    expect_error 64 "figures: --format gif: svg, pdf or png" \
    "$srcdir/bench/figures" --format gif --out paper "$E2L"

echo "figure.sh: $fail failed"
[ $fail -eq 0 ]
