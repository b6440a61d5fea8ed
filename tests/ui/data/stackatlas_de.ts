<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- A few German entries, enough to prove that a translation reaches both the panes' tr() texts
     and the chart texts built in models/domain (tst_chartpanes::chartTextIsTranslated). Not a
     shipped translation. -->
<TS version="2.1" language="de_DE">
<context>
    <name>ChartText</name>
    <message>
        <source>%1: price advantage index</source>
        <translation>%1: Preisvorteilsindex</translation>
    </message>
    <message>
        <source>USD per GPU-hour</source>
        <translation>USD pro GPU-Stunde</translation>
    </message>
    <message>
        <source>%1 (as of %2)</source>
        <translation>%1 (Stand %2)</translation>
    </message>
    <message>
        <source>Median daily price of %1 divided by that of %2 (one price per provider and day), only on days both sides have prices; below 1 the first side is cheaper. Sources: %3.</source>
        <translation>Täglicher Median von %1 geteilt durch den von %2; Quellen: %3.</translation>
    </message>
</context>
<context>
    <name>stackatlas::PriceWarPane</name>
    <message>
        <source>Price war</source>
        <translation>Preiskampf</translation>
    </message>
</context>
</TS>
