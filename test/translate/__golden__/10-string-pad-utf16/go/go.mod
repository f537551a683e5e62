module pivot.local/c10stringpadutf16

go 1.22
