# SPDX-License-Identifier: GPL-3.0-or-later
file(READ ${TS} ts)
foreach(text "Price war" "Usage share" "Keyboard Shortcuts" "&amp;Save Snapshot…" "Chart events" "Activity"
        "%1: price advantage index" "USD per GPU-hour" "FDV next to market cap, by layer"
        "Where Web3 AI projects run: the research&apos;s survey" "%1 (as of %2)")
    string(FIND "${ts}" "<source>${text}</source>" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${TS} lacks \"${text}\"")
    endif()
endforeach()
string(REGEX MATCHALL "<message>" messages "${ts}")
list(LENGTH messages count)
message(STATUS "${count} translatable strings")
