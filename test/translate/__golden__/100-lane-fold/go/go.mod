module pivot.local/c100lanefold

go 1.22
