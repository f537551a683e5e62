module pivot.local/c28classbankaccount

go 1.22
