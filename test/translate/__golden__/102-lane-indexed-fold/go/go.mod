module pivot.local/c102laneindexedfold

go 1.22
