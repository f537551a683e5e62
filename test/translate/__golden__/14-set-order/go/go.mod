module pivot.local/c14setorder

go 1.22
