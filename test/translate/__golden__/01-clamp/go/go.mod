module pivot.local/c01clamp

go 1.22
