module pivot.local/c104linkedlist

go 1.22
