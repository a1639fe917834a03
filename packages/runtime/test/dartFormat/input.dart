import 'dart:math';
class Tree<T extends Comparable<T>>{ final T value; Tree<T>? left, right;
Tree(this.value,{this.left,this.right});
int get size => 1+(left?.size??0)+(right?.size??0);
Tree<T> insert(T v){ if(v.compareTo(value)<0){return Tree(value,left:left==null?Tree(v):left!.insert(v),right:right);} else {return Tree(value,left:left,right:right==null?Tree(v):right!.insert(v));}}
}
void main(List<String> args){final rng=Random(42);var t=Tree<int>(50);for(var i=0;i<10;i++){t=t.insert(rng.nextInt(100));}
print('size: ${t.size}');final names=<String,int>{'a':1,'b':2,};names.forEach((k,v)=>print('$k=$v'));}
