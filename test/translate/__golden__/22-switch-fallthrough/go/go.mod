module pivot.local/c22switchfallthrough

go 1.22
