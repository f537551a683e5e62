module pivot.local/c29classinventorystore

go 1.22
