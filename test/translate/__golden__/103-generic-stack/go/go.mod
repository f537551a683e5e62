module pivot.local/c103genericstack

go 1.22
