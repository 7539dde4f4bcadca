// Package fastexec executes html/template templates, after html/template
// has escaped them, several times faster than text/template does, with the
// same output.
//
// text/template looks every field and method up by name on every
// evaluation and calls every function through reflect.Value.Call; for a
// page of a few hundred actions that is most of a build's time. This
// executor walks the same escaped parse trees (html/template rewrites them
// in place the first time a template runs), but remembers each field's
// lookup per type at the place it is used and calls the functions of
// common signatures directly, as it does the methods its caller names
// (MethodOf). An action's escapers take a plain string, or a number or
// safe-content value, straight to the output, without a reflect.Value
// between them.
//
// It never decides anything on its own: whatever it does not handle
// exactly as text/template does — an error of any kind, a nil pointer, a
// range over a map, a builtin or escaper it does not copy, a template it
// cannot find — makes Execute return ErrFallback, and the caller runs the
// standard engine, which gives the output or the error it always gave.
// The behaviour it copies is in builtins.go and escapers.go.
package fastexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"time"
	"unsafe"
)

// ErrFallback says the template must be executed by html/template.
var ErrFallback = errors.New("fastexec: execute with html/template")

// Program is one compiled entry template with everything it calls.
type Program struct {
	entry   *tmpl
	methods map[methodKey]*Method
}

// A Method is a method that programs call directly instead of through
// reflect.Value.Call; make one with MethodOf and pass it to Compile.
type Method struct {
	recv reflect.Type
	name string
	call func(recv reflect.Value) reflect.Value
	// str, for a method whose result is a plain string, is call
	// without the reflect.Value of the result.
	str func(recv reflect.Value) string
}

type methodKey struct {
	recv reflect.Type
	name string
}

// MethodOf returns the method name of type T, which takes no arguments,
// for Compile. f must be that method's expression, T.name (such as
// View.Permalink or (*Page).Permalink): it is called wherever
// text/template would call the method name on a receiver of type T
// exactly. It panics if T has no such method of f's type, or if the
// method's result is an interface or a reflect.Value, whose
// reflect.Value text/template makes differently.
func MethodOf[T, R any](name string, f func(T) R) Method {
	rt := reflect.TypeFor[T]()
	m, ok := rt.MethodByName(name)
	if !ok || m.Type != reflect.TypeOf(f) {
		panic(fmt.Sprintf("fastexec.MethodOf: %v has no method %s of type %T", rt, name, f))
	}
	if res := reflect.TypeFor[R](); res.Kind() == reflect.Interface || res == reflectValueType {
		panic(fmt.Sprintf("fastexec.MethodOf: %v.%s returns %v", rt, name, res))
	}
	fm := Method{recv: rt, name: name, call: func(v reflect.Value) reflect.Value {
		// Interface does not copy a receiver that is not addressable,
		// the only kind a value (not pointer) receiver can be here.
		return reflect.ValueOf(f(v.Interface().(T)))
	}}
	if fs, ok := any(f).(func(T) string); ok {
		fm.str = func(v reflect.Value) string { return fs(v.Interface().(T)) }
	}
	return fm
}

type tmpl struct {
	name string
	list []node
}

// Compile compiles the template name of set, which must have been executed
// (and so escaped) by html/template at least once. funcs must be the
// functions the set was given, including any replaced after parsing. The
// set must have the default missingkey option (html/template has no way to
// ask), and a template it calls in a context other than HTML text (which
// html/template renames, as in <title>{{template "t" .}}</title>) is not
// reachable from here: executions that get to one are handed back.
//
// The methods are called without reflection where the templates call
// them; every other method is called through reflect.Value.Call.
func Compile(set *template.Template, name string, funcs template.FuncMap, methods ...Method) (*Program, error) {
	return CompileFuncs(set, name, funcs, nil, methods...)
}

// A Func is a faster implementation of one of the set's functions, for
// CompileFuncs. Call gets the arguments text/template would pass the
// function Name in funcs (each converted to its parameter's type, the
// variadic ones one by one) and must return what that function returns,
// its result as reflect.ValueOf would make it.
type Func struct {
	Name string
	Call func(args []reflect.Value) (reflect.Value, error)
}

// CompileFuncs is Compile with faster implementations of some of the
// functions, called instead of them.
func CompileFuncs(set *template.Template, name string, funcs template.FuncMap, fast []Func, methods ...Method) (*Program, error) {
	c := &compiler{set: set, funcs: funcs, done: map[string]*tmpl{}}
	for _, f := range fast {
		if c.fast == nil {
			c.fast = map[string]func([]reflect.Value) (reflect.Value, error){}
		}
		c.fast[f.Name] = f.Call
	}
	t := c.template(name)
	if t == nil {
		return nil, fmt.Errorf("fastexec: no escaped template %q", name)
	}
	p := &Program{entry: t}
	if len(methods) > 0 {
		p.methods = map[methodKey]*Method{}
		for i := range methods {
			m := &methods[i]
			p.methods[methodKey{m.recv, m.name}] = m
		}
	}
	return p, nil
}

// Execute runs the program with data as dot, appending to w. On
// ErrFallback, w may hold part of an output: the caller resets it.
func (p *Program) Execute(w *bytes.Buffer, data any) (err error) {
	s := statePool.Get().(*state)
	s.w = w
	s.methods = p.methods
	defer func() {
		if r := recover(); r != nil {
			why, ok := r.(bail)
			if !ok {
				why.why = fmt.Sprint(r)
			}
			err = fmt.Errorf("%w: %s", ErrFallback, why.why)
		}
		s.w = nil
		s.methods = nil
		// Popped entries are left as they were (clearing every pop
		// costs write barriers); what the state holds goes here.
		clear(s.vars[:cap(s.vars)])
		s.vars = s.vars[:0]
		clear(s.args[:cap(s.args)])
		s.args = s.args[:0]
		s.depth = 0
		statePool.Put(s)
	}()
	dot, ok := data.(reflect.Value) // as text/template's execute
	if !ok {
		dot = reflect.ValueOf(data)
	}
	s.base = 0
	s.vars = append(s.vars, variable{"$", dot})
	s.walkList(dot, p.entry.list)
	return nil
}

var statePool = sync.Pool{New: func() any { return &state{vars: make([]variable, 0, 16)} }}

// bail abandons the fast execution; Execute turns it into ErrFallback.
type bail struct{ why string }

func fallback(why string) { panic(bail{why}) }

// Nodes.

type node any

type (
	textNode   struct{ text []byte }
	actionNode struct {
		pipe *pipeNode
		// escs are the escapers the pipeline ends in, when it prints and
		// they take nothing but the value before them: a plain string
		// goes through their str functions and the last one's write,
		// with no reflect.Value made on the way.
		escs []escaper
		// escCmd is the index of the first escaper's command (a URL
		// escaper and the attribute escaper after it are one of escs).
		escCmd int
		// strCall, when not nil, is the function of the pipeline's only
		// command before the escapers, which has a str function.
		strCall *function
		// field, when not nil, is the pipeline's only command before
		// the escapers, a field chain with no arguments: a method at its
		// end with a str function is written without a reflect.Value.
		field *fieldArg
	}
	ifNode struct {
		with           bool
		pipe           *pipeNode
		list, elseList []node
	}
	rangeNode struct {
		pipe           *pipeNode
		list, elseList []node
		hasElse        bool
	}
	templateNode struct {
		t    *tmpl
		pipe *pipeNode
	}
	breakNode    struct{}
	continueNode struct{}
	bailNode     struct{ why string }
)

type pipeNode struct {
	isAssign bool
	decl     []string
	cmds     []*cmdNode
}

type cmdNode struct {
	args []arg // args[0] is the command's first word
	// args[0] when it is of the commonest kinds, to go without a type
	// switch.
	field *fieldArg
	fn    *function
	vr    *varArg
}

type arg any

type (
	fieldArg struct{ idents []*ident } // .A.B
	chainArg struct {                  // (pipe).A.B
		node   arg
		idents []*ident
	}
	varArg struct { // $x.A.B
		name   string
		idents []*ident
	}
	funcArg struct{ f *function }
	pipeArg struct{ pipe *pipeNode }
	dotArg  struct{}
	nilArg  struct{}
	boolArg struct{ v bool }
	strArg  struct {
		text string
		v    reflect.Value
	}
	numArg struct {
		n     *parse.NumberNode
		ideal reflect.Value // the value with no known type; invalid if it overflows int
	}
)

// ident is one name in a field chain, with the lookup last made there.
type ident struct {
	name    string
	nameVal reflect.Value
	cache   atomic.Pointer[lookup]
}

type lookupKind uint8

const (
	lookNone lookupKind = iota
	lookMethod
	lookField
	lookMap
)

type lookup struct {
	typ      reflect.Type // the type methods are looked up in
	kind     lookupKind
	method   int
	call     func(reflect.Value) reflect.Value // the method's Method.call, if it has one
	str      func(reflect.Value) string        // the method's Method.str, if it has one
	sig      *sig                              // of the method value
	good     bool                              // goodFunc of the method
	field    []int
	exported bool
}

type builtinKind uint8

const (
	notBuiltin builtinKind = iota
	bAnd
	bOr
	bNot
	bLen
	bIndex
	bEq
	bNe
	bLt
	bLe
	bGt
	bGe
	bEscaper
)

type function struct {
	name    string
	builtin builtinKind
	escape  escaper
	val     reflect.Value
	typ     reflect.Type
	fast    func([]reflect.Value) (reflect.Value, error)
	// str, when not nil, is fast for a function whose result is a plain
	// string, without making a reflect.Value of it.
	str func([]reflect.Value) (string, error)
	sig *sig // of typ
}

// sig is what callArgs asks of a function's type, asked once.
type sig struct {
	numIn    int
	variadic bool
	in       []reflect.Type // typ.In(i) for each i
	elem     reflect.Type   // of the variadic parameter's slice type
}

func sigOf(typ reflect.Type) *sig { return sigSkip(typ, 0) }

// sigSkip is sigOf of typ without its first skip parameters: a method's
// type without its receiver is the method value's.
func sigSkip(typ reflect.Type, skip int) *sig {
	sg := &sig{numIn: typ.NumIn() - skip, variadic: typ.IsVariadic()}
	for i := range sg.numIn {
		sg.in = append(sg.in, typ.In(skip+i))
	}
	if sg.variadic {
		sg.elem = sg.in[sg.numIn-1].Elem()
	}
	return sg
}

// Compiling.

type compiler struct {
	set   *template.Template
	funcs template.FuncMap
	done  map[string]*tmpl
	fns   map[string]*function
	fast  map[string]func([]reflect.Value) (reflect.Value, error)
}

func (c *compiler) template(name string) *tmpl {
	if t, ok := c.done[name]; ok {
		return t
	}
	ht := c.set.Lookup(name)
	if ht == nil || ht.Tree == nil || ht.Tree.Root == nil {
		c.done[name] = nil
		return nil
	}
	t := &tmpl{name: name}
	c.done[name] = t // before the body, for recursion
	t.list = c.list(ht.Tree.Root)
	return t
}

func (c *compiler) list(l *parse.ListNode) []node {
	if l == nil {
		return nil
	}
	out := make([]node, 0, len(l.Nodes))
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			out = append(out, &textNode{text: n.Text})
		case *parse.ActionNode:
			if !escaped(n) {
				// An action html/template did not escape: the set was
				// never executed, or this is dead code after a break.
				out = append(out, &bailNode{"unescaped action"})
				continue
			}
			a := &actionNode{pipe: c.pipe(n.Pipe)}
			if p := a.pipe; len(p.decl) == 0 {
				// The escapers at the end, not the first command: that
				// one has no value before it.
				k := len(p.cmds)
				for k > 1 && isEscaperCmd(p.cmds[k-1]) {
					k--
				}
				a.escCmd = k
				prev := ""
				for _, cmd := range p.cmds[k:] {
					name := cmd.args[0].(*funcArg).f.name
					if name == "_html_template_attrescaper" && (prev == "_html_template_urlnormalizer" || prev == "_html_template_urlescaper") {
						// After a URL escaper, the attribute escaper is
						// written in the same pass.
						a.escs[len(a.escs)-1] = urlAttrEscaper(prev == "_html_template_urlnormalizer")
						prev = ""
						continue
					}
					a.escs = append(a.escs, cmd.args[0].(*funcArg).f.escape)
					prev = name
				}
				if f, ok := p.cmds[0].args[0].(*funcArg); ok && k == 1 && a.escs != nil && f.f.builtin == notBuiltin && f.f.str != nil {
					a.strCall = f.f
				}
				if f, ok := p.cmds[0].args[0].(*fieldArg); ok && k == 1 && a.escs != nil && len(p.cmds[0].args) == 1 {
					a.field = f
				}
			}
			out = append(out, a)
		case *parse.CommentNode:
		case *parse.IfNode:
			out = append(out, &ifNode{pipe: c.pipe(n.Pipe), list: c.list(n.List), elseList: c.list(n.ElseList)})
		case *parse.WithNode:
			out = append(out, &ifNode{with: true, pipe: c.pipe(n.Pipe), list: c.list(n.List), elseList: c.list(n.ElseList)})
		case *parse.RangeNode:
			out = append(out, &rangeNode{pipe: c.pipe(n.Pipe), list: c.list(n.List), elseList: c.list(n.ElseList), hasElse: n.ElseList != nil})
		case *parse.TemplateNode:
			t := c.template(n.Name)
			if t == nil {
				out = append(out, &bailNode{"template " + n.Name})
				continue
			}
			out = append(out, &templateNode{t: t, pipe: c.pipe(n.Pipe)})
		case *parse.BreakNode:
			out = append(out, breakNode{})
		case *parse.ContinueNode:
			out = append(out, continueNode{})
		default:
			out = append(out, &bailNode{fmt.Sprintf("node %T", n)})
		}
	}
	return out
}

// isEscaperCmd reports whether cmd is an escaper this package copies,
// given nothing but the value piped to it.
func isEscaperCmd(cmd *cmdNode) bool {
	if len(cmd.args) != 1 {
		return false
	}
	f, ok := cmd.args[0].(*funcArg)
	return ok && f.f.builtin == bEscaper
}

// escaped reports whether an action that prints ends in one of
// html/template's escapers, as every escaped one does.
func escaped(n *parse.ActionNode) bool {
	if len(n.Pipe.Decl) > 0 {
		return true // prints nothing
	}
	cmds := n.Pipe.Cmds
	if len(cmds) == 0 {
		return false
	}
	last := cmds[len(cmds)-1]
	if len(last.Args) == 0 {
		return false
	}
	id, ok := last.Args[0].(*parse.IdentifierNode)
	return ok && strings.HasPrefix(id.Ident, "_html_template_")
}

func (c *compiler) pipe(p *parse.PipeNode) *pipeNode {
	if p == nil {
		return nil
	}
	out := &pipeNode{isAssign: p.IsAssign}
	for _, v := range p.Decl {
		out.decl = append(out.decl, v.Ident[0])
	}
	for _, cmd := range p.Cmds {
		cn := &cmdNode{}
		for _, a := range cmd.Args {
			cn.args = append(cn.args, c.arg(a))
		}
		if len(cn.args) > 0 {
			switch a := cn.args[0].(type) {
			case *fieldArg:
				cn.field = a
			case *funcArg:
				cn.fn = a.f
			case *varArg:
				cn.vr = a
			}
		}
		out.cmds = append(out.cmds, cn)
	}
	return out
}

func idents(names []string) []*ident {
	out := make([]*ident, len(names))
	for i, n := range names {
		out[i] = &ident{name: n, nameVal: reflect.ValueOf(n)}
	}
	return out
}

func (c *compiler) arg(n parse.Node) arg {
	switch n := n.(type) {
	case *parse.FieldNode:
		return &fieldArg{idents: idents(n.Ident)}
	case *parse.ChainNode:
		if n.Node.Type() == parse.NodeNil {
			return &bailNode{"chain on nil"}
		}
		return &chainArg{node: c.arg(n.Node), idents: idents(n.Field)}
	case *parse.VariableNode:
		return &varArg{name: n.Ident[0], idents: idents(n.Ident[1:])}
	case *parse.IdentifierNode:
		f := c.function(n.Ident)
		if f == nil {
			return &bailNode{"function " + n.Ident}
		}
		return &funcArg{f: f}
	case *parse.PipeNode:
		return &pipeArg{pipe: c.pipe(n)}
	case *parse.DotNode:
		return dotArg{}
	case *parse.NilNode:
		return nilArg{}
	case *parse.BoolNode:
		return &boolArg{v: n.True}
	case *parse.StringNode:
		return &strArg{text: n.Text, v: reflect.ValueOf(n.Text)}
	case *parse.NumberNode:
		return &numArg{n: n, ideal: idealConstant(n)}
	}
	return &bailNode{fmt.Sprintf("argument %T", n)}
}

// idealConstant is text/template's: the value of a number whose type is
// not known, invalid when text/template would fail.
func idealConstant(n *parse.NumberNode) reflect.Value {
	switch {
	case n.IsComplex:
		return reflect.ValueOf(n.Complex128)
	case n.IsFloat && !isHexInt(n.Text) && !isRuneInt(n.Text) && strings.ContainsAny(n.Text, ".eEpP"):
		return reflect.ValueOf(n.Float64)
	case n.IsInt:
		i := int(n.Int64)
		if int64(i) != n.Int64 {
			return reflect.Value{}
		}
		return reflect.ValueOf(i)
	}
	return reflect.Value{}
}

func isRuneInt(s string) bool { return len(s) > 0 && s[0] == '\'' }

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

var builtinNames = map[string]builtinKind{
	"and": bAnd, "or": bOr, "not": bNot, "len": bLen, "index": bIndex,
	"eq": bEq, "ne": bNe, "lt": bLt, "le": bLe, "gt": bGt, "ge": bGe,
}

func (c *compiler) function(name string) *function {
	if f, ok := c.fns[name]; ok {
		return f
	}
	if c.fns == nil {
		c.fns = map[string]*function{}
	}
	var f *function
	if fn, ok := c.funcs[name]; ok {
		v := reflect.ValueOf(fn)
		if v.Kind() == reflect.Func && goodFunc(v.Type()) {
			f = &function{name: name, val: v, typ: v.Type(), fast: fastCall(fn), str: strCall(fn)}
			f.sig = sigOf(f.typ)
			if call := c.fast[name]; call != nil {
				f.fast, f.str = call, nil
			}
		}
	} else if esc, ok := escapers[name]; ok {
		f = &function{name: name, builtin: bEscaper, escape: esc}
	} else if b, ok := builtinNames[name]; ok {
		f = &function{name: name, builtin: b}
	}
	c.fns[name] = f
	return f
}

// goodFunc is text/template's rule: one result, or a result and an error.
func goodFunc(typ reflect.Type) bool {
	switch {
	case typ.NumOut() == 1:
		return true
	case typ.NumOut() == 2 && typ.Out(1) == errorType:
		return true
	}
	return false
}

// fastCall calls functions of the common signatures without
// reflect.Value.Call. Only signatures whose results are concrete types
// are here: reflect.ValueOf of the result is then exactly the value
// text/template would have.
func fastCall(fn any) func([]reflect.Value) (reflect.Value, error) {
	if str := strCall(fn); str != nil {
		return func(a []reflect.Value) (reflect.Value, error) {
			r, err := str(a)
			return reflect.ValueOf(r), err
		}
	}
	switch f := fn.(type) {
	case func(int, int) int:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(int(a[0].Int()), int(a[1].Int()))), nil
		}
	case func(string) (template.HTML, error):
		return func(a []reflect.Value) (reflect.Value, error) {
			r, err := f(a[0].String())
			return reflect.ValueOf(r), err
		}
	case func(string, any, ...any) (template.HTML, error):
		return func(a []reflect.Value) (reflect.Value, error) {
			var rest []any
			if len(a) > 2 {
				rest = make([]any, len(a)-2)
				for i, v := range a[2:] {
					rest[i] = v.Interface()
				}
			}
			r, err := f(a[0].String(), a[1].Interface(), rest...)
			return reflect.ValueOf(r), err
		}
	}
	return nil
}

// strCall is fastCall for the common signatures whose result is a plain
// string, returning the string itself.
func strCall(fn any) func([]reflect.Value) (string, error) {
	switch f := fn.(type) {
	case func(string) string:
		return func(a []reflect.Value) (string, error) { return f(a[0].String()), nil }
	case func(string) (string, error):
		return func(a []reflect.Value) (string, error) { return f(a[0].String()) }
	case func() string:
		return func([]reflect.Value) (string, error) { return f(), nil }
	case func(time.Time) string:
		return func(a []reflect.Value) (string, error) { return f(timeOf(a[0])), nil }
	case func(string, time.Time) string:
		return func(a []reflect.Value) (string, error) { return f(a[0].String(), timeOf(a[1])), nil }
	case func(int, int) string:
		return func(a []reflect.Value) (string, error) { return f(int(a[0].Int()), int(a[1].Int())), nil }
	}
	return nil
}

// timeOf returns the time.Time in v, through its address when v is
// addressable (a field), which copies it without allocating (and without
// Addr, which looks the pointer type up every time).
func timeOf(v reflect.Value) time.Time {
	if v.CanAddr() && v.Type() == timeType {
		return *(*time.Time)(unsafe.Pointer(v.UnsafeAddr()))
	}
	return v.Interface().(time.Time)
}

var timeType = reflect.TypeFor[time.Time]()

// Executing.

type variable struct {
	name  string
	value reflect.Value
}

type state struct {
	w       *bytes.Buffer
	methods map[methodKey]*Method
	vars    []variable
	args    []reflect.Value // the arguments of the calls being made
	base    int             // where the running template's variables start
	depth   int
}

type missingValType struct{}

var missingVal = reflect.ValueOf(missingValType{})

var missingValReflectType = reflect.TypeFor[missingValType]()

func isMissing(v reflect.Value) bool {
	return v.Kind() == reflect.Struct && v.Type() == missingValReflectType
}

func (s *state) mark() int { return len(s.vars) }

// popArgs and pop leave what they pop in the stack's backing array:
// Execute clears it when done.
func (s *state) popArgs(base int) { s.args = s.args[:base] }

func (s *state) pop(mark int) { s.vars = s.vars[:mark] }

func (s *state) push(name string, value reflect.Value) {
	s.vars = append(s.vars, variable{name, value})
}

func (s *state) setVar(name string, value reflect.Value) {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = value
			return
		}
	}
	fallback("undefined variable " + name)
}

func (s *state) setTopVar(n int, value reflect.Value) {
	s.vars[len(s.vars)-n].value = value
}

func (s *state) varValue(name string) reflect.Value {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value
		}
	}
	fallback("undefined variable " + name)
	panic("not reached")
}

// control says how a list ended: normally, or by break or continue.
type control uint8

const (
	ctlNone control = iota
	ctlBreak
	ctlContinue
)

func (s *state) walkList(dot reflect.Value, list []node) control {
	for _, n := range list {
		if c := s.walk(dot, n); c != ctlNone {
			return c
		}
	}
	return ctlNone
}

func (s *state) walk(dot reflect.Value, n node) control {
	switch n := n.(type) {
	case *textNode:
		s.w.Write(n.text)
	case *actionNode:
		if n.escs != nil {
			// evalPipeline up to the escapers; a plain string is escaped
			// by their copies straight into the output.
			cmds := n.pipe.cmds
			k := n.escCmd
			if n.strCall != nil {
				s.writeEscaped(n.escs, s.evalCallStr(dot, n.strCall, cmds[0].args))
				return ctlNone
			}
			var val reflect.Value
			if n.field != nil {
				// evalFieldChain, stopping before a str method.
				ids := n.field.idents
				last := len(ids) - 1
				recv := dot
				for _, id := range ids[:last] {
					recv = s.evalField(dot, id, nil, missingVal, recv)
				}
				if recv.IsValid() {
					l, r, ptr := s.resolve(ids[last], recv)
					if l.str != nil && l.kind == lookMethod {
						s.writeEscaped(n.escs, l.str(ptr))
						return ctlNone
					}
					val = s.evalResolved(dot, ids[last], l, cmds[0].args, missingVal, r, ptr)
				}
				if val.Kind() == reflect.Interface && val.Type().NumMethod() == 0 {
					val = val.Elem()
				}
			} else {
				val = missingVal
				for _, cmd := range cmds[:k] {
					val = s.evalCommand(dot, cmd, val)
					if val.Kind() == reflect.Interface && val.Type().NumMethod() == 0 {
						val = val.Elem()
					}
				}
			}
			switch val.Kind() {
			case reflect.String:
				if t, ok := contentTypeOf(val.Type()); ok {
					s.writeTyped(n.escs, val.String(), t)
					return ctlNone
				}
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
				reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr, reflect.Bool:
				// What the first escaper's fmt.Sprint makes of a number
				// or bool with no methods (no String, Error or Format).
				if val.Type().NumMethod() == 0 {
					s.writeEscaped(n.escs, formatBasic(val))
					return ctlNone
				}
			}
			for _, cmd := range cmds[k:] {
				val = s.evalCommand(dot, cmd, val)
				if val.Kind() == reflect.Interface && val.Type().NumMethod() == 0 {
					val = val.Elem()
				}
			}
			s.printValue(val)
			return ctlNone
		}
		val := s.evalPipeline(dot, n.pipe)
		if len(n.pipe.decl) == 0 {
			s.printValue(val)
		}
	case *ifNode:
		mark := s.mark()
		val := s.evalPipeline(dot, n.pipe)
		t, ok := isTrue(indirectInterface(val))
		if !ok {
			fallback("if/with value")
		}
		c := ctlNone
		if t {
			if n.with {
				c = s.walkList(val, n.list)
			} else {
				c = s.walkList(dot, n.list)
			}
		} else if n.elseList != nil {
			c = s.walkList(dot, n.elseList)
		}
		s.pop(mark)
		return c
	case *rangeNode:
		return s.walkRange(dot, n)
	case *templateNode:
		s.walkTemplate(dot, n)
	case breakNode:
		return ctlBreak
	case continueNode:
		return ctlContinue
	case *bailNode:
		fallback(n.why)
	default:
		fallback(fmt.Sprintf("node %T", n))
	}
	return ctlNone
}

// formatBasic is fmt.Sprint of v, an integer or bool with no methods.
func formatBasic(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	}
	return strconv.FormatUint(v.Uint(), 10)
}

// writeEscaped writes the plain string str through escs.
func (s *state) writeEscaped(escs []escaper, str string) {
	last := len(escs) - 1
	for _, e := range escs[:last] {
		str = e.str(str)
	}
	escs[last].write(s.w, str)
}

// writeTyped writes str, of content type t, through escs: the first
// escaper's result is a plain string.
func (s *state) writeTyped(escs []escaper, str string, t contentType) {
	if t == contentTypePlain {
		s.writeEscaped(escs, str)
		return
	}
	str, ok := escs[0].typed(str, t)
	if !ok {
		fallback("escaper")
	}
	if len(escs) == 1 {
		s.w.WriteString(str)
		return
	}
	s.writeEscaped(escs[1:], str)
}

func (s *state) printValue(v reflect.Value) {
	if v.Kind() == reflect.String && v.Type() == stringType {
		s.w.WriteString(v.String())
		return
	}
	iface, ok := printableValue(v)
	if !ok {
		fallback("can't print")
	}
	fmt.Fprint(s.w, iface)
}

var stringType = reflect.TypeFor[string]()

func (s *state) walkRange(dot reflect.Value, r *rangeNode) control {
	outer := s.mark()
	val, _ := indirect(s.evalPipeline(dot, r.pipe))
	mark := s.mark()
	decl := r.pipe.decl
	switch val.Kind() {
	case reflect.Array, reflect.Slice:
		if val.Len() == 0 {
			break
		}
		for i := 0; i < val.Len(); i++ {
			elem := val.Index(i)
			if len(decl) > 0 {
				if r.pipe.isAssign {
					if len(decl) > 1 {
						s.setVar(decl[0], reflect.ValueOf(i))
					} else {
						s.setVar(decl[0], elem)
					}
				} else {
					s.setTopVar(1, elem)
				}
			}
			if len(decl) > 1 {
				if r.pipe.isAssign {
					s.setVar(decl[1], elem)
				} else {
					s.setTopVar(2, reflect.ValueOf(i))
				}
			}
			c := s.walkList(elem, r.list)
			s.pop(mark)
			if c == ctlBreak {
				break
			}
		}
		s.pop(outer)
		return ctlNone
	case reflect.Invalid:
		// A nil map or the like: like an empty one.
	default:
		fallback("range over " + val.Kind().String())
	}
	c := ctlNone
	if r.hasElse {
		// text/template's walkRange recovers a break raised in its own
		// else list, but a continue goes on to the enclosing range.
		if s.walkList(dot, r.elseList) == ctlContinue {
			c = ctlContinue
		}
	}
	s.pop(outer)
	return c
}

const maxDepth = 10000

func (s *state) walkTemplate(dot reflect.Value, t *templateNode) {
	if s.depth >= maxDepth {
		fallback("depth")
	}
	dot = s.evalPipeline(dot, t.pipe)
	oldBase, oldLen := s.base, len(s.vars)
	s.base = oldLen
	s.vars = append(s.vars, variable{"$", dot})
	s.depth++
	s.walkList(dot, t.t.list)
	s.depth--
	s.pop(oldLen)
	s.base = oldBase
}

func (s *state) evalPipeline(dot reflect.Value, pipe *pipeNode) (value reflect.Value) {
	if pipe == nil {
		return
	}
	value = missingVal
	for _, cmd := range pipe.cmds {
		value = s.evalCommand(dot, cmd, value)
		if value.Kind() == reflect.Interface && value.Type().NumMethod() == 0 {
			value = value.Elem()
		}
	}
	for _, name := range pipe.decl {
		if pipe.isAssign {
			s.setVar(name, value)
		} else {
			s.push(name, value)
		}
	}
	return value
}

func notAFunction(args []arg, final reflect.Value) {
	if len(args) > 1 || !isMissing(final) {
		fallback("argument to non-function")
	}
}

func (s *state) evalCommand(dot reflect.Value, cmd *cmdNode, final reflect.Value) reflect.Value {
	if f := cmd.field; f != nil {
		return s.evalFieldChain(dot, dot, f.idents, cmd.args, final)
	}
	if f := cmd.fn; f != nil {
		return s.evalCall(dot, f, reflect.Value{}, cmd.args, final)
	}
	if v := cmd.vr; v != nil {
		return s.evalVariable(dot, v, cmd.args, final)
	}
	switch n := cmd.args[0].(type) {
	case *fieldArg:
		return s.evalFieldChain(dot, dot, n.idents, cmd.args, final)
	case *chainArg:
		pipe := s.evalArg(dot, nil, n.node)
		return s.evalFieldChain(dot, pipe, n.idents, cmd.args, final)
	case *funcArg:
		return s.evalCall(dot, n.f, reflect.Value{}, cmd.args, final)
	case *pipeArg:
		notAFunction(cmd.args, final)
		return s.evalPipeline(dot, n.pipe)
	case *varArg:
		return s.evalVariable(dot, n, cmd.args, final)
	}
	notAFunction(cmd.args, final)
	switch n := cmd.args[0].(type) {
	case *boolArg:
		return reflect.ValueOf(n.v)
	case dotArg:
		return dot
	case *numArg:
		if !n.ideal.IsValid() {
			fallback("number")
		}
		return n.ideal
	case *strArg:
		return n.v
	}
	fallback(fmt.Sprintf("command %T", cmd.args[0]))
	panic("not reached")
}

func (s *state) evalVariable(dot reflect.Value, v *varArg, args []arg, final reflect.Value) reflect.Value {
	value := s.varValue(v.name)
	if len(v.idents) == 0 {
		notAFunction(args, final)
		return value
	}
	return s.evalFieldChain(dot, value, v.idents, args, final)
}

func (s *state) evalFieldChain(dot, receiver reflect.Value, ids []*ident, args []arg, final reflect.Value) reflect.Value {
	n := len(ids)
	for i := 0; i < n-1; i++ {
		receiver = s.evalField(dot, ids[i], nil, missingVal, receiver)
	}
	return s.evalField(dot, ids[n-1], args, final, receiver)
}

func (s *state) evalField(dot reflect.Value, id *ident, args []arg, final, receiver reflect.Value) reflect.Value {
	if !receiver.IsValid() {
		return reflect.Value{}
	}
	l, receiver, ptr := s.resolve(id, receiver)
	return s.evalResolved(dot, id, l, args, final, receiver, ptr)
}

// evalResolved is the rest of evalField, given what resolve returned.
func (s *state) evalResolved(dot reflect.Value, id *ident, l *lookup, args []arg, final, receiver, ptr reflect.Value) reflect.Value {
	hasArgs := len(args) > 1 || !isMissing(final)
	switch l.kind {
	case lookMethod:
		if l.call != nil && !hasArgs {
			return l.call(ptr)
		}
		return s.evalMethodCall(dot, l, ptr.Method(l.method), args, final)
	case lookField:
		if !l.exported || hasArgs {
			fallback("field")
		}
		// receiver.FieldByIndexErr(l.field), failing over on a nil
		// embedded pointer, without its checks of every step.
		v := receiver.Field(l.field[0])
		for _, x := range l.field[1:] {
			if v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.Struct {
				if v.IsNil() {
					fallback("field")
				}
				v = v.Elem()
			}
			v = v.Field(x)
		}
		return v
	case lookMap:
		if hasArgs {
			fallback("map with args")
		}
		return receiver.MapIndex(id.nameVal) // invalid when missing, as with missingkey=default
	}
	fallback("can't evaluate field " + id.name)
	panic("not reached")
}

// resolve is the start of evalField on a valid receiver: the lookup of
// id on it, the receiver indirected and the pointer methods are looked
// up on.
func (s *state) resolve(id *ident, receiver reflect.Value) (l *lookup, recv, ptr reflect.Value) {
	if receiver.Kind() == reflect.Pointer {
		// A pointer of the type last looked up here, to a value that is
		// not a pointer or interface: indirecting it and taking the
		// address again (which looks the pointer type up) would give
		// the same pointer.
		if l := id.cache.Load(); l != nil && l.typ == receiver.Type() && !receiver.IsNil() {
			if elem := receiver.Elem(); elem.Kind() != reflect.Pointer && elem.Kind() != reflect.Interface {
				return l, elem, receiver
			}
		}
	}
	receiver, isNil := indirect(receiver)
	if isNil {
		fallback("nil receiver") // text/template may still call a method on it
	}
	ptr = receiver
	if ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	l = id.cache.Load()
	if l == nil || l.typ != ptr.Type() {
		l = findLookup(ptr.Type(), receiver.Type(), id.name)
		if m := s.methods[methodKey{l.typ, id.name}]; m != nil && l.kind == lookMethod {
			withCall := *l // the shared lookup is every program's
			withCall.call = m.call
			withCall.str = m.str
			l = &withCall
		}
		id.cache.Store(l)
	}
	return l, receiver, ptr
}

var lookups sync.Map // lookupKey → *lookup

type lookupKey struct {
	typ  reflect.Type
	name string
}

func findLookup(ptrType, recvType reflect.Type, name string) *lookup {
	k := lookupKey{ptrType, name}
	if l, ok := lookups.Load(k); ok {
		return l.(*lookup)
	}
	l := &lookup{typ: ptrType}
	if m, ok := ptrType.MethodByName(name); ok {
		l.kind, l.method = lookMethod, m.Index
		skip := 1 // the receiver
		if ptrType.Kind() == reflect.Interface {
			skip = 0
		}
		l.sig, l.good = sigSkip(m.Type, skip), goodFunc(m.Type)
	} else {
		switch recvType.Kind() {
		case reflect.Struct:
			if f, ok := recvType.FieldByName(name); ok {
				l.kind, l.field, l.exported = lookField, f.Index, f.IsExported()
			}
		case reflect.Map:
			if stringType.AssignableTo(recvType.Key()) {
				l.kind = lookMap
			}
		}
	}
	lookups.Store(k, l)
	return l
}

// evalCall calls f, a function. args[0] is the function's own word.
func (s *state) evalCall(dot reflect.Value, f *function, _ reflect.Value, args []arg, final reflect.Value) reflect.Value {
	if args != nil {
		args = args[1:]
	}
	switch f.builtin {
	case bAnd, bOr:
		return s.evalAndOr(dot, f.builtin == bOr, args, final)
	case bEscaper:
		return s.evalEscaper(dot, f, args, final)
	case notBuiltin:
	default:
		return s.evalBuiltin(dot, f, args, final)
	}
	return s.call(dot, f.val, f.sig, f.fast, args, final)
}

// evalMethodCall calls method, the method value l looks up, as evalCall
// calls a function. args[0] is the method's own word.
func (s *state) evalMethodCall(dot reflect.Value, l *lookup, method reflect.Value, args []arg, final reflect.Value) reflect.Value {
	if args != nil {
		args = args[1:]
	}
	if !l.good {
		fallback("method results")
	}
	return s.call(dot, method, l.sig, nil, args, final)
}

// call is the end of evalCall and evalMethodCall: fun (or fast) called
// with args evaluated as parameters of sg.
func (s *state) call(dot, fun reflect.Value, sg *sig, fast func([]reflect.Value) (reflect.Value, error), args []arg, final reflect.Value) reflect.Value {
	// The arguments live on the state's stack, not in a new slice: an
	// argument's own calls push above them and pop back before it is
	// stored, so s.args is indexed afresh after each one. (After a
	// fallback, Execute clears the stack.)
	base := len(s.args)
	argv := s.callArgs(dot, sg, args, final)
	var v reflect.Value
	var err error
	if fast != nil {
		v, err = fast(argv)
	} else {
		v, err = safeCall(fun, argv)
	}
	s.popArgs(base)
	if err != nil {
		fallback("call error")
	}
	if v.IsValid() && v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v
}

// evalCallStr is evalCall of f, which has a str function, as the first
// command of a pipeline: args[0] is the function's own word.
func (s *state) evalCallStr(dot reflect.Value, f *function, args []arg) string {
	base := len(s.args)
	str, err := f.str(s.callArgs(dot, f.sig, args[1:], missingVal))
	s.popArgs(base)
	if err != nil {
		fallback("call error")
	}
	return str
}

// callArgs evaluates the arguments of a call of a function of signature
// sg onto s.args and returns them; the caller pops them.
func (s *state) callArgs(dot reflect.Value, sg *sig, args []arg, final reflect.Value) []reflect.Value {
	numIn := len(args)
	hasFinal := !isMissing(final)
	if hasFinal {
		numIn++
	}
	numFixed := len(args)
	if sg.variadic {
		numFixed = sg.numIn - 1
		if numIn < numFixed {
			fallback("args")
		}
	} else if numIn != sg.numIn {
		fallback("args")
	}
	base := len(s.args)
	if numIn <= cap(s.args)-base {
		// Every slot is set below, before argv is used.
		s.args = s.args[:base+numIn]
	} else {
		s.args = append(s.args, make([]reflect.Value, numIn)...)
	}
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		v := s.evalArg(dot, sg.in[i], args[i])
		s.args[base+i] = v
	}
	if sg.variadic {
		for ; i < len(args); i++ {
			v := s.evalArg(dot, sg.elem, args[i])
			s.args[base+i] = v
		}
	}
	argv := s.args[base : base+numIn]
	if hasFinal {
		t := sg.in[sg.numIn-1]
		if sg.variadic {
			if numIn-1 < numFixed {
				t = sg.in[numIn-1]
			} else {
				t = sg.elem
			}
		}
		argv[i] = validateType(final, t)
	}
	return argv
}

func safeCall(fun reflect.Value, args []reflect.Value) (val reflect.Value, err error) {
	ret := fun.Call(args)
	if len(ret) == 2 && !ret[1].IsNil() {
		return ret[0], ret[1].Interface().(error)
	}
	return ret[0], nil
}

// evalRaw evaluates an argument of a builtin that takes reflect.Values:
// what text/template passes is unwrapValue(evalArg(dot, reflectValueType,
// n)), here without wrapping the value first.
func (s *state) evalRaw(dot reflect.Value, n arg) reflect.Value {
	var v reflect.Value
	switch a := n.(type) {
	case dotArg:
		v = dot
	case nilArg:
		return reflect.Value{}
	case *fieldArg:
		v = s.evalFieldChain(dot, dot, a.idents, nil, missingVal)
	case *varArg:
		v = s.evalVariable(dot, a, nil, missingVal)
	case *pipeArg:
		v = s.evalPipeline(dot, a.pipe)
	case *funcArg:
		v = s.evalCall(dot, a.f, reflect.Value{}, nil, missingVal)
	case *chainArg:
		pipe := s.evalArg(dot, nil, a.node)
		v = s.evalFieldChain(dot, pipe, a.idents, nil, missingVal)
	case *bailNode:
		fallback(a.why)
	default:
		return s.evalEmptyInterface(n)
	}
	return rawOf(v)
}

// rawOf is unwrapValue(validateType(v, reflectValueType)) without the
// allocation of wrapping v.
func rawOf(v reflect.Value) reflect.Value {
	if v.IsValid() && v.Type() == reflectValueType {
		return v.Interface().(reflect.Value)
	}
	return v
}

func (s *state) evalAndOr(dot reflect.Value, or bool, args []arg, final reflect.Value) reflect.Value {
	if len(args)+boolInt(!isMissing(final)) < 1 {
		fallback("and/or args")
	}
	var v reflect.Value
	for _, a := range args {
		v = s.evalRaw(dot, a)
		if truth(v) == or {
			return v
		}
	}
	if !isMissing(final) {
		v = rawOf(final)
	}
	return v
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *state) evalBuiltin(dot reflect.Value, f *function, args []arg, final reflect.Value) reflect.Value {
	var buf [4]reflect.Value
	argv := buf[:0]
	for _, a := range args {
		argv = append(argv, s.evalRaw(dot, a))
	}
	if !isMissing(final) {
		argv = append(argv, rawOf(final))
	}
	var (
		b   bool
		err error
	)
	switch f.builtin {
	case bNot:
		if len(argv) != 1 {
			fallback("args")
		}
		return reflect.ValueOf(!truth(argv[0]))
	case bLen:
		if len(argv) != 1 {
			fallback("args")
		}
		n, err := length(argv[0])
		if err != nil {
			fallback("len")
		}
		return reflect.ValueOf(n)
	case bIndex:
		if len(argv) < 1 {
			fallback("args")
		}
		v, err := index(argv[0], argv[1:]...)
		if err != nil {
			fallback("index")
		}
		return v
	case bEq:
		if len(argv) < 1 {
			fallback("args")
		}
		b, err = eq(argv[0], argv[1:]...)
	default:
		if len(argv) != 2 {
			fallback("args")
		}
		switch f.builtin {
		case bNe:
			b, err = ne(argv[0], argv[1])
		case bLt:
			b, err = lt(argv[0], argv[1])
		case bLe:
			b, err = le(argv[0], argv[1])
		case bGt:
			b, err = gt(argv[0], argv[1])
		case bGe:
			b, err = ge(argv[0], argv[1])
		}
	}
	if err != nil {
		fallback("comparison")
	}
	return reflect.ValueOf(b)
}

func (s *state) evalEscaper(dot reflect.Value, f *function, args []arg, final reflect.Value) reflect.Value {
	if len(args) == 0 && final.Kind() == reflect.String && final.Type() == stringType {
		return reflect.ValueOf(f.escape.str(final.String()))
	}
	var buf [2]any
	argv := buf[:0]
	for _, a := range args {
		argv = append(argv, s.evalArg(dot, anyType, a).Interface())
	}
	if !isMissing(final) {
		argv = append(argv, validateType(final, anyType).Interface())
	}
	out, ok := f.escape.any(argv)
	if !ok {
		fallback("escaper")
	}
	return reflect.ValueOf(out)
}

// validateType is text/template's, failing over instead of erring.
func validateType(value reflect.Value, typ reflect.Type) reflect.Value {
	if !value.IsValid() {
		if typ == nil {
			return reflect.ValueOf(nil)
		}
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		fallback("invalid value")
	}
	if typ == reflectValueType && value.Type() != typ {
		return reflect.ValueOf(value)
	}
	if typ != nil && value.Type() != typ && !value.Type().AssignableTo(typ) {
		if value.Kind() == reflect.Interface && !value.IsNil() {
			value = value.Elem()
			if value.Type().AssignableTo(typ) {
				return value
			}
		}
		switch {
		case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
			value = value.Elem()
			if !value.IsValid() {
				fallback("nil pointer")
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
			value = value.Addr()
		default:
			fallback("wrong type")
		}
	}
	return value
}

func (s *state) evalArg(dot reflect.Value, typ reflect.Type, n arg) reflect.Value {
	switch a := n.(type) {
	case dotArg:
		return validateType(dot, typ)
	case nilArg:
		if typ != nil && canBeNil(typ) {
			return reflect.Zero(typ)
		}
		fallback("nil")
	case *fieldArg:
		return validateType(s.evalFieldChain(dot, dot, a.idents, nil, missingVal), typ)
	case *varArg:
		return validateType(s.evalVariable(dot, a, nil, missingVal), typ)
	case *pipeArg:
		return validateType(s.evalPipeline(dot, a.pipe), typ)
	case *funcArg:
		return validateType(s.evalCall(dot, a.f, reflect.Value{}, nil, missingVal), typ)
	case *chainArg:
		pipe := s.evalArg(dot, nil, a.node)
		return validateType(s.evalFieldChain(dot, pipe, a.idents, nil, missingVal), typ)
	case *bailNode:
		fallback(a.why)
	}
	if typ == nil {
		fallback("constant with no type")
	}
	switch typ.Kind() {
	case reflect.Bool:
		if b, ok := n.(*boolArg); ok {
			if typ == boolType {
				return reflect.ValueOf(b.v)
			}
			v := reflect.New(typ).Elem()
			v.SetBool(b.v)
			return v
		}
	case reflect.String:
		if str, ok := n.(*strArg); ok {
			if typ == stringType {
				return str.v
			}
			v := reflect.New(typ).Elem()
			v.SetString(str.text)
			return v
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if num, ok := n.(*numArg); ok && num.n.IsInt {
			v := reflect.New(typ).Elem()
			v.SetInt(num.n.Int64)
			return v
		}
	case reflect.Interface:
		if typ.NumMethod() == 0 {
			return s.evalEmptyInterface(n)
		}
	case reflect.Struct:
		if typ == reflectValueType {
			return reflect.ValueOf(s.evalEmptyInterface(n))
		}
	}
	// Floats, unsigned and complex numbers, and every error: the
	// standard engine's business.
	fallback("constant argument")
	panic("not reached")
}

var boolType = reflect.TypeFor[bool]()

// evalEmptyInterface is text/template's for the constants; every other
// kind of argument is handled by evalArg before it gets here.
func (s *state) evalEmptyInterface(n arg) reflect.Value {
	switch a := n.(type) {
	case *boolArg:
		return reflect.ValueOf(a.v)
	case *numArg:
		if !a.ideal.IsValid() {
			fallback("number")
		}
		return a.ideal
	case *strArg:
		return a.v
	}
	fallback("empty interface argument")
	panic("not reached")
}
