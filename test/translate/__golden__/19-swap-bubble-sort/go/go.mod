module pivot.local/c19swapbubblesort

go 1.22
