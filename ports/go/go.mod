module mlp-spec/ports/go

go 1.19
