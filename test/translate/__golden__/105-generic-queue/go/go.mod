module pivot.local/c105genericqueue

go 1.22
