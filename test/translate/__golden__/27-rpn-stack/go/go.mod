module pivot.local/c27rpnstack

go 1.22
